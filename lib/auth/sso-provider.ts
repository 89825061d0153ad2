import dns from "node:dns";
import type { User } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { getConfig } from "@/lib/config";
import { resolveSsoAdmin, ssoClaims, type SsoClaims, type SsoRefusal, type SsoUser } from "@/lib/dal/sso";
import { logger } from "@/lib/log";
import { publicOnlyLookup } from "@/lib/webhooks/ssrf";
import type { OidcEndpoints } from "./oidc-discovery";
import { takeSsoLinkIntent } from "./sso-link";
import { SSO_PROVIDER_ID } from "./sso-provider-id";

type Resolve = (claims: SsoClaims, linkTo: string | null) => Promise<{ ok: true; user: SsoUser } | { ok: false; refusal: SsoRefusal }>;

/**
 * The DNS lookup of every call openid-client makes (its settings are process-wide): the partner's
 * own provider (OIDC_ISSUER, set by the operator) may be on a private network; a customer's may
 * not, unless WEBHOOKS_ALLOW_PRIVATE says so (development, tests).
 */
function ssoLookup(hostname: string, options: dns.LookupOptions, callback: Parameters<typeof publicOnlyLookup>[2]): void {
  const config = getConfig();
  const partnerHost = config.oidc ? new URL(config.oidc.issuer).hostname : null;
  if (config.webhooks.allowPrivate || hostname === partnerHost) {
    dns.lookup(hostname, options, callback as never);
    return;
  }
  publicOnlyLookup(hostname, options, callback);
}

/**
 * An OpenID provider next-auth signs in through: the authorization code flow with PKCE, state and
 * nonce, all checked by next-auth (openid-client), which also checks the ID token's signature,
 * issuer, audience and expiry. The account it signs in to is decided by `resolve`, from the ID
 * token's claims; a sign-in the account's owner started from Security links to their account.
 */
export function oidcProvider(input: {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  groupsClaim: string;
  /** Endpoints already read from the provider's discovery document; without them, next-auth reads it. */
  endpoints?: OidcEndpoints;
  resolve: Resolve;
}): OAuthConfig<Record<string, unknown>> {
  const { endpoints } = input;
  const scope = { scope: "openid email profile" };
  return {
    id: input.id,
    name: input.name,
    type: "oauth",
    ...(endpoints
      ? {
          issuer: endpoints.issuer,
          authorization: { url: endpoints.authorizationEndpoint, params: scope },
          token: endpoints.tokenEndpoint,
          jwks_endpoint: endpoints.jwksUri,
          ...(endpoints.userinfoEndpoint ? { userinfo: endpoints.userinfoEndpoint } : {}),
        }
      : { wellKnown: `${input.issuer}/.well-known/openid-configuration`, authorization: { params: scope } }),
    clientId: input.clientId,
    clientSecret: input.clientSecret,
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    // Bounded waits on a provider that is down or slow.
    httpOptions: { timeout: 10_000, lookup: ssoLookup } as OAuthConfig<Record<string, unknown>>["httpOptions"],
    async profile(claims): Promise<User> {
      const parsed = ssoClaims(claims, input.groupsClaim);
      const linkTo = await takeSsoLinkIntent();
      const result = parsed ? await input.resolve(parsed, linkTo) : ({ ok: false, refusal: "SsoNotAllowed" } as const);
      if (!result.ok) {
        logger().info({ provider: input.id, issuer: input.issuer, refusal: result.refusal, linking: Boolean(linkTo) }, "sso: sign-in refused");
        // A placeholder id: next-auth needs one; the sign-in callback refuses before any session is made.
        return { id: "refused", ssoRefusal: result.refusal };
      }
      logger().info({ provider: input.id, issuer: input.issuer, userId: result.user.id, linked: Boolean(linkTo) }, "sso: signed in");
      return { ...result.user, signInMethod: "sso" };
    },
  };
}

/** Single sign-on for partner admins through the partner's OpenID provider (OIDC_* settings), or none. */
export function adminSsoProviders(): OAuthConfig<Record<string, unknown>>[] {
  const oidc = getConfig().oidc;
  if (!oidc) return [];
  return [
    oidcProvider({
      id: SSO_PROVIDER_ID,
      name: oidc.name,
      issuer: oidc.issuer,
      clientId: oidc.clientId,
      clientSecret: oidc.clientSecret,
      groupsClaim: oidc.groupsClaim,
      resolve: (claims, linkTo) => resolveSsoAdmin(oidc, claims, new Date(), linkTo),
    }),
  ];
}
