"use server";

import { z } from "zod";
import { ssoProviderOf } from "@/lib/auth/confirm-identity";
import { startSsoLink } from "@/lib/auth/sso-link";
import { getConfig } from "@/lib/config";
import { DalError } from "@/lib/dal/errors";
import { formAction } from "../safe-action";

/**
 * Links single sign-on to the admin's own account (password first): the browser's next sign-in with
 * the provider, within ten minutes, links the identity it brings. The page then sends the browser there.
 */
export const startSsoLinkAction = formAction({ schema: z.object({}), access: "admin", reauth: true }, async (_input, viewer) => {
  if (!getConfig().oidc) throw new DalError("invalid", "Single sign-on is not configured here.");
  await startSsoLink(viewer.userId);
  return { ok: true, message: "Now sign in with your organisation's provider to link it." };
});

/** The same for a customer's member, with their organisation's single sign-on. */
export const startOrgSsoLinkAction = formAction({ schema: z.object({}), access: "member", reauth: true }, async (_input, viewer) => {
  if (!(await ssoProviderOf(viewer))) throw new DalError("invalid", "Your organisation has no single sign-on here.");
  await startSsoLink(viewer.userId);
  return { ok: true, message: "Now sign in with your company's provider to link it." };
});
