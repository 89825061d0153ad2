import type { User } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { getConfig } from "@/lib/config";
import { resolveSsoAdmin, ssoClaims } from "@/lib/dal/sso";
import { logger } from "@/lib/log";
import { takeSsoLinkIntent } from "./sso-link";
import { SSO_PROVIDER_ID } from "./sso-provider-id";

/**
 * Single sign-on for partner admins through the partner's OpenID provider (OIDC_* settings), or none.
 * The authorization code flow with PKCE, state and nonce, all checked by next-auth (openid-client),
 * which also checks the ID token's signature, issuer, audience and expiry. The account it signs in
 * to is decided here, from the ID token's claims (lib/dal/sso.ts).
 */
export function adminSsoProviders(): OAuthConfig<Record<string, unknown>>[] {
  const oidc = getConfig().oidc;
  if (!oidc) return [];
  return [
    {
      id: SSO_PROVIDER_ID,
      name: oidc.name,
      type: "oauth",
      wellKnown: `${oidc.issuer}/.well-known/openid-configuration`,
      clientId: oidc.clientId,
      clientSecret: oidc.clientSecret,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state", "nonce"],
      // Bounded waits on a provider that is down or slow.
      httpOptions: { timeout: 10_000 },
      async profile(claims): Promise<User> {
        const parsed = ssoClaims(claims, oidc.groupsClaim);
        // A sign-in the account's owner started from Security links the identity to their account.
        const linkTo = await takeSsoLinkIntent();
        const result = parsed ? await resolveSsoAdmin(oidc, parsed, new Date(), linkTo) : ({ ok: false, refusal: "SsoNotAllowed" } as const);
        if (!result.ok) {
          logger().info({ issuer: oidc.issuer, refusal: result.refusal, linking: Boolean(linkTo) }, "sso: sign-in refused");
          // A placeholder id: next-auth needs one; the sign-in callback refuses before any session is made.
          return { id: "refused", ssoRefusal: result.refusal };
        }
        logger().info({ issuer: oidc.issuer, userId: result.user.id, linked: Boolean(linkTo) }, "sso: signed in");
        return { ...result.user, signInMethod: "sso" };
      },
    },
  ];
}
