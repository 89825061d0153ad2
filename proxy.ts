import { NextResponse, type NextRequest } from "next/server";
import { allowedMethods } from "@/lib/api/methods";
import { problemResponse } from "@/lib/api/problem";
import { actionRequestRefusal, isActionRequest } from "@/lib/security/action-request";
import { contentSecurityPolicy, newNonce } from "@/lib/security/csp";

/**
 * Gives every page a fresh CSP nonce (Next.js puts it on its own scripts while rendering), and
 * refuses server action requests that Next.js would fail on (lib/security/action-request.ts).
 * Authorisation is not done here: pages and actions check the session in lib/dal.
 */
export async function proxy(request: NextRequest) {
  // Next.js answers 500 when it cannot decode a dynamic segment (`/invite/%`): it is the client's mistake.
  if (!decodable(request.nextUrl.pathname)) {
    if (request.nextUrl.pathname.startsWith("/api/v1/")) return problemResponse("invalid-request", "The address is not valid: it has a malformed percent-encoding.");
    return new NextResponse("Bad request: the address is not valid.\n", { status: 400 });
  }
  const allowed = request.nextUrl.pathname.startsWith("/api/v1/") ? allowedMethods(request.nextUrl.pathname) : null;
  if (allowed && !allowed.includes(request.method)) {
    return problemResponse("method-not-allowed", `This address serves ${allowed.join(", ")}, not ${request.method}.`, { headers: { Allow: allowed.join(", ") } });
  }
  if (isActionRequest(request)) {
    const refusal = await actionRequestRefusal(request);
    if (refusal) return new NextResponse(`Refused: ${refusal.reason}.\n`, { status: refusal.status, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, {
    // Build-time constant set by Next.js, not operator configuration.
    development: process.env.NODE_ENV === "development",
    https: request.nextUrl.protocol === "https:",
  });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

function decodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

// Prefetches pass through here too: a prefetch can be answered with a whole page, which must carry
// the policy and a nonce like any other, and a prefetch header must not let an action past its checks.
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
