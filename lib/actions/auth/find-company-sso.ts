"use server";

import { orgSsoProviderId } from "@/lib/auth/sso-provider-id";
import { DalError } from "@/lib/dal/errors";
import { COMPANY_SSO_LIMITS, limitMisses } from "@/lib/dal/invite-limits";
import { requestClientAddress } from "@/lib/security/client-address";
import { organizationSsoForEmail } from "@/lib/dal/organization-sso";
import { companySsoSchema } from "@/lib/schemas/organization-sso";
import { formAction } from "../safe-action";

/**
 * The sign-in page's "company single sign-on": the provider of the organisation whose single
 * sign-on admits the work e-mail's domain, for the browser to start next-auth's sign-in with.
 * It says no more than whether this e-mail's domain has one, and only 20 times in 15 minutes per
 * client address for domains that have none.
 */
export const findCompanySsoAction = formAction({ schema: companySsoSchema, access: "public" }, async ({ email }) => {
  const address = await requestClientAddress();
  // Domains without single sign-on are limited per address, so the form cannot list which domains have it.
  const found = await limitMisses(
    address && `company-sso:address:${address}`,
    COMPANY_SSO_LIMITS.perAddress,
    (minutes) => `Too many e-mail domains without single sign-on were tried from your network. Wait ${minutes} minute${minutes === 1 ? "" : "s"}, then try again.`,
    async () => {
      const sso = await organizationSsoForEmail(email);
      if (!sso) throw new DalError("not_found", "There is no single sign-on for this e-mail's domain. Sign in with your e-mail and password, or with your invite link.", "email");
      return sso;
    },
  );
  return { ok: true, data: { providerId: orgSsoProviderId(found.organizationId) } };
});
