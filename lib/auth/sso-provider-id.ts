/** next-auth's id of the partner's OpenID provider: its routes are /api/auth/signin/oidc and /api/auth/callback/oidc (client-safe). */
export const SSO_PROVIDER_ID = "oidc";

const ORG_PREFIX = "org-";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** next-auth's id of a customer organisation's own OpenID provider (client-safe). */
export function orgSsoProviderId(organizationId: string): string {
  return `${ORG_PREFIX}${organizationId}`;
}

/** The organisation an `org-<id>` provider id names, or null for any other text. */
export function organizationOfProviderId(providerId: string | undefined): string | null {
  if (!providerId?.startsWith(ORG_PREFIX)) return null;
  const id = providerId.slice(ORG_PREFIX.length);
  return UUID.test(id) ? id : null;
}
