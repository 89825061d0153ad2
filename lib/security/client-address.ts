import "server-only";
import { headers } from "next/headers";

/**
 * The client address a request came from, as a key for per-address limits: the first hop of
 * X-Forwarded-For, which Next.js sets to the peer's address when no proxy did. A client can put
 * anything there itself unless the proxy in front overwrites the header (see the README), so
 * these limits are a brake; the limits per account and the 256-bit invite tokens are the wall.
 */
export function clientAddress(forwardedFor: string | null | undefined): string | undefined {
  const first = forwardedFor?.split(",")[0]?.trim();
  return first && first.length <= 64 ? first : undefined;
}

/** The client address of the request being handled (pages and server actions). */
export async function requestClientAddress(): Promise<string | undefined> {
  return clientAddress((await headers()).get("x-forwarded-for"));
}
