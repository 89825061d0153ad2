/** next-auth's id of the partner's OpenID provider: its routes are /api/auth/signin/oidc and /api/auth/callback/oidc (client-safe). */
export const SSO_PROVIDER_ID = "oidc";
