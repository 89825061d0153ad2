const BASE = "http://rolegate.invalid";

/**
 * Where to go after sign-in: a path on this site, or "/". An open redirect after sign-in is a
 * phishing aid, and URL parsing has traps: `/.//evil.example` resolves to the path
 * `//evil.example`, which a browser reads as another host.
 */
export function safeNext(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  // Only a path is a place on this site; anything with a scheme or host is not, even when it resolves here.
  if (!v || !v.startsWith("/")) return "/";
  try {
    const url = new URL(v, BASE);
    const path = `${url.pathname}${url.search}`;
    return url.origin === BASE && !path.startsWith("//") ? path : "/";
  } catch {
    return "/";
  }
}

/**
 * next-auth's `redirect` callback: where `url` points on this site (`baseUrl`), else `baseUrl`.
 * next-auth's default throws on a `callbackUrl` that is no URL (`http://localhost:3000.evil.example`),
 * which answers 500.
 */
export function safeCallbackUrl(url: string, baseUrl: string): string {
  try {
    const target = new URL(url, baseUrl);
    return target.origin === new URL(baseUrl).origin ? `${baseUrl}${safeNext(`${target.pathname}${target.search}`)}` : baseUrl;
  } catch {
    return baseUrl;
  }
}
