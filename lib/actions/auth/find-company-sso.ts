"use server";

import { orgSsoProviderId } from "@/lib/auth/sso-provider-id";
import { DalError } from "@/lib/dal/errors";
import { organizationSsoForEmail } from "@/lib/dal/organization-sso";
import { companySsoSchema } from "@/lib/schemas/organization-sso";
import { formAction } from "../safe-action";

/**
 * The sign-in page's "company single sign-on": the provider of the organisation whose single
 * sign-on admits the work e-mail's domain, for the browser to start next-auth's sign-in with.
 * It says no more than whether this e-mail's domain has one.
 */
export const findCompanySsoAction = formAction({ schema: companySsoSchema, access: "public" }, async ({ email }) => {
  const found = await organizationSsoForEmail(email);
  if (!found) throw new DalError("not_found", "There is no single sign-on for this e-mail's domain. Sign in with your e-mail and password, or with your invite link.", "email");
  return { ok: true, data: { providerId: orgSsoProviderId(found.organizationId) } };
});
