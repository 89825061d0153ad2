import "server-only";
import { headers } from "next/headers";
import { getConfig } from "@/lib/config";

/**
 * The client address a request came from, as a key for per-address limits. Each proxy appends the
 * address it was connected from to X-Forwarded-For (or replaces the header), and Next.js sets it
 * to the peer's address when none did; whatever a client wrote there itself comes first. So the
 * address is the `hops`-th from the right (TRUSTED_PROXY_HOPS, the proxies in front of Rolegate):
 * a client cannot choose it by prepending addresses. With no proxy in front, a client that sends
 * the header itself can; the limits per account and the 256-bit invite tokens do not depend on it.
 */
export function clientAddress(forwardedFor: string | null | undefined, hops: number): string | undefined {
  const entries = (forwardedFor ?? "").split(",").map((entry) => entry.trim());
  const address = entries[Math.max(0, entries.length - hops)];
  return address && address.length <= 64 ? address : undefined;
}

/** The client address of the request being handled (pages and server actions). */
export async function requestClientAddress(): Promise<string | undefined> {
  return clientAddress((await headers()).get("x-forwarded-for"), getConfig().trustedProxyHops);
}
