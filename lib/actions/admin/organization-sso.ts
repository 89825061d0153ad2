"use server";

import { revalidatePath } from "next/cache";
import { discoverOidcProvider } from "@/lib/auth/oidc-discovery";
import { getConfig } from "@/lib/config";
import { DalError } from "@/lib/dal/errors";
import { removeOrganizationSso, saveOrganizationSso, setOrganizationSsoEnabled } from "@/lib/dal/organization-sso";
import { organizationSsoSchema, saveOrganizationSsoSchema, setOrganizationSsoEnabledSchema } from "@/lib/schemas/organization-sso";
import { formAction } from "../safe-action";

/**
 * Sets up or changes a customer organisation's single sign-on, once its issuer answers with its
 * own OpenID configuration (read through the outbound guard). The client secret is never sent back.
 */
export const saveOrganizationSsoAction = formAction(
  { schema: saveOrganizationSsoSchema, access: "admin", reauth: true, secret: ["clientSecret"] },
  async ({ organizationId, clientSecret, ...input }, viewer) => {
    const discovered = await discoverOidcProvider(input.issuer, { allowPrivate: getConfig().webhooks.allowPrivate });
    if (!discovered.ok) throw new DalError("invalid", discovered.message, "issuer");
    await saveOrganizationSso(viewer, organizationId, { ...input, clientSecret: clientSecret || null });
    revalidatePath(`/admin/organizations/${organizationId}`);
    return { ok: true, message: `Single sign-on saved: people of ${input.domains.join(", ")} can sign in with ${input.displayName}.` };
  },
);

/** Turns an organisation's single sign-on on or off, keeping its settings. */
export const setOrganizationSsoEnabledAction = formAction(
  { schema: setOrganizationSsoEnabledSchema, access: "admin", reauth: true },
  async ({ organizationId, enabled }, viewer) => {
    await setOrganizationSsoEnabled(viewer, organizationId, enabled);
    revalidatePath(`/admin/organizations/${organizationId}`);
    return { ok: true, message: enabled ? "Single sign-on is on." : "Single sign-on is off: its members sign in with a password, if they have one." };
  },
);

/** Removes an organisation's single sign-on and frees its domains. */
export const removeOrganizationSsoAction = formAction({ schema: organizationSsoSchema, access: "admin", reauth: true }, async ({ organizationId }, viewer) => {
  await removeOrganizationSso(viewer, organizationId);
  revalidatePath(`/admin/organizations/${organizationId}`);
  return { ok: true, message: "Single sign-on removed." };
});
