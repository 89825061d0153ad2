import dnsCallback, { promises as dns } from "node:dns";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/** Resolves a host name to every address it has, as `dns.promises.lookup(host, { all: true })` does. */
export type LookupFn = (hostname: string) => Promise<{ address: string; family: number }[]>;

export type WebhookUrlCheck = { ok: true; url: URL } | { ok: false; message: string };

const MAX_URL_LENGTH = 2048;
const PUBLIC_ONLY_WEBHOOKS = "webhooks go to public addresses only.";

const systemLookup: LookupFn = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/**
 * Whether an address is public unicast: the only kind a webhook may be sent to. IPv4-mapped IPv6
 * is judged by the IPv4 address inside it; anything that is not a canonical IP literal is not public.
 */
export function isPublicAddress(address: string): boolean {
  // net.isIP refuses the shorthand forms ipaddr.js would accept ("127.1", "0x7f.1"); an address
  // that reaches here in one of them did not come from a resolver and is not trusted.
  if (isIP(address) === 0 || !ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  // ::a.b.c.d (IPv4-compatible, deprecated by RFC 4291) is "unicast" to ipaddr.js, yet carries
  // an IPv4 address a stack could still route to; no public endpoint has one.
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0)) return false;
  return parsed.range() === "unicast";
}

/**
 * The checks on a webhook URL that need no DNS: an absolute http(s) URL without credentials or
 * fragment. Delivery repeats these; the address checks happen again when it connects.
 */
export function parseWebhookUrl(raw: unknown, options: { allowPrivate: boolean }): WebhookUrlCheck {
  if (typeof raw !== "string" || raw.trim() === "") return refuse("Enter the URL of your webhook endpoint.");
  if (raw.length > MAX_URL_LENGTH) return refuse(`Use a URL of at most ${MAX_URL_LENGTH.toLocaleString("en")} characters.`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse("Enter an absolute URL, such as https://example.com/webhooks.");
  }
  const schemes = options.allowPrivate ? ["https:", "http:"] : ["https:"];
  if (!schemes.includes(url.protocol)) return refuse(options.allowPrivate ? "Use an https:// or http:// URL." : "Use an https:// URL.");
  if (url.username !== "" || url.password !== "") {
    return refuse("Remove the user name and password from the URL; each delivery is signed instead.");
  }
  // href keeps a "#" for an empty fragment too, where url.hash is "".
  if (url.href.includes("#")) return refuse("Remove the #fragment from the URL; it is never sent to the server.");
  return { ok: true, url };
}

/**
 * Checks a webhook URL a partner registers: its form, then that its host is, or resolves only to,
 * public addresses. With `allowPrivate` (development, tests) the address checks are skipped.
 * Other outbound calls use it too, saying in `publicOnly` what must stay public.
 */
export async function checkWebhookUrl(
  raw: unknown,
  options: { allowPrivate: boolean; lookup?: LookupFn; publicOnly?: string },
): Promise<WebhookUrlCheck> {
  const PUBLIC_ONLY = options.publicOnly ?? PUBLIC_ONLY_WEBHOOKS;
  const parsed = parseWebhookUrl(raw, options);
  if (!parsed.ok || options.allowPrivate) return parsed;

  // WHATWG URL has already turned "2130706433", "0x7f.1" and "[::ffff:127.0.0.1]" into canonical literals.
  const host = parsed.url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (isIP(host) !== 0) {
    return isPublicAddress(host) ? parsed : refuse(`${host} is not a public address; ${PUBLIC_ONLY}`);
  }

  let addresses: { address: string }[];
  try {
    addresses = await (options.lookup ?? systemLookup)(host);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === "ENOTFOUND" || code === "ENODATA") return refuse(`This host (${host}) does not resolve; check its spelling.`);
    return refuse(`This host (${host}) could not be looked up just now; try again in a moment.`);
  }
  if (addresses.length === 0) return refuse(`This host (${host}) does not resolve; check its spelling.`);
  // Every address counts: a client connecting may pick any of them.
  const refused = addresses.find(({ address }) => !isPublicAddress(address));
  if (refused) return refuse(`This host resolves to a private address (${refused.address}); ${PUBLIC_ONLY}`);
  return parsed;
}

function refuse(message: string): WebhookUrlCheck {
  return { ok: false, message };
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dnsCallback.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for outbound sockets that connects only to public addresses, judged after DNS, so a
 * host that resolves to a private address now (DNS rebinding included) is refused at connect time.
 * IP literals skip `lookup`: URLs are checked with `checkWebhookUrl` before they are called.
 */
export function publicOnlyLookup(hostname: string, options: dnsCallback.LookupOptions, callback: LookupCallback): void {
  dnsCallback.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, options.all ? [] : "");
    const refused = addresses.find(({ address }) => !isPublicAddress(address));
    if (refused || addresses.length === 0) {
      const denied = Object.assign(new Error(`${hostname} resolves to a private address; only public addresses are called`), { code: "ECONNREFUSED" });
      return callback(denied, options.all ? [] : "");
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}
