import NextAuth from "next-auth";
import { badCallbackUrl } from "@/lib/auth/callback-url";
import { endedSessionAnswer } from "@/lib/auth/ended-session";
import { authOptions } from "@/lib/auth/options";
import { organizationSsoProviderFor } from "@/lib/auth/org-sso-provider";
import { getConfig } from "@/lib/config";

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per request (cached), so nothing reads secrets or the database at build time.
// A customer organisation's provider is added only to the request that names it (signin/org-<id>,
// callback/org-<id>).
async function handler(request: Request, context: Context) {
  const early = badCallbackUrl(request, getConfig().appUrl) ?? (await endedSessionAnswer(request));
  if (early) return early;
  const [, providerId] = (await context.params).nextauth;
  const organization = await organizationSsoProviderFor(providerId);
  if (organization && "error" in organization) {
    const url = `${getConfig().appUrl}/sign-in?error=${organization.error}`;
    // A sign-in is started by a script that reads where to go, as next-auth answers it; a callback is a page load.
    return request.method === "POST" ? Response.json({ url }) : Response.redirect(url, 303);
  }
  const options = authOptions();
  return NextAuth(request as never, context as never, organization ? { ...options, providers: [organization.provider, ...options.providers] } : options);
}

export { handler as GET, handler as POST };
