import "server-only";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { getConfig } from "@/lib/config";
import { organizationSsoProvider } from "@/lib/dal/organization-sso";
import { resolveSsoMember } from "@/lib/dal/sso-member";
import { logger } from "@/lib/log";
import { discoverOidcProvider } from "./oidc-discovery";
import { ORG_SSO_UNAVAILABLE } from "./sign-in-errors";
import { oidcProvider } from "./sso-provider";
import { organizationOfProviderId, orgSsoProviderId } from "./sso-provider-id";

/**
 * The provider of the one organisation a request to next-auth names (`org-<id>`), built for that
 * request only: no other organisation's settings are read. Its endpoints come from its discovery
 * document read through the outbound guard, so nothing it names can point the server at a private
 * address. `error` is the sign-in page's code when there is no such provider or it cannot be read.
 */
export async function organizationSsoProviderFor(providerId: string | undefined): Promise<{ provider: OAuthConfig<Record<string, unknown>> } | { error: string } | null> {
  const organizationId = organizationOfProviderId(providerId);
  if (!organizationId) return null;
  const settings = await organizationSsoProvider(organizationId);
  if (!settings) return { error: ORG_SSO_UNAVAILABLE };
  const discovered = await discoverOidcProvider(settings.issuer, { allowPrivate: getConfig().webhooks.allowPrivate });
  if (!discovered.ok) {
    logger().warn({ organizationId, issuer: settings.issuer, reason: discovered.message }, "sso: organisation's provider unreadable");
    return { error: "OAuthSignin" };
  }
  const { clientSecret, ...policy } = settings;
  return {
    provider: oidcProvider({
      id: orgSsoProviderId(organizationId),
      name: settings.name,
      issuer: settings.issuer,
      clientId: settings.clientId,
      clientSecret,
      groupsClaim: "groups",
      endpoints: discovered.endpoints,
      resolve: (claims, linkTo) => resolveSsoMember(policy, claims, new Date(), linkTo),
    }),
  };
}
