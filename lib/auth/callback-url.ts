/**
 * next-auth 4 answers 500 ("a problem with the server configuration") when the `callbackUrl`
 * query parameter or its callback-url cookie is not an http(s) URL, before any callback of ours
 * runs. Such a request is the client's mistake: a 400, which also clears the cookie.
 */
export function badCallbackUrl(request: Request, baseUrl: string): Response | null {
  const badQuery = new URL(request.url).searchParams.getAll("callbackUrl").some((url) => !httpUrl(url, baseUrl));
  const cookies = (request.headers.get("cookie") ?? "").split(";").map((c) => c.trim().split("="));
  const cookie = cookies.find(([name]) => name?.endsWith("next-auth.callback-url"));
  const badCookie = cookie !== undefined && !httpUrl(decode(cookie.slice(1).join("=")), baseUrl);
  if (!badQuery && !badCookie) return null;
  const headers = new Headers({ "content-type": "text/plain; charset=utf-8" });
  if (badCookie) headers.append("set-cookie", `${cookie[0]}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`);
  return new Response("Bad request: the callback URL is not a URL.\n", { status: 400, headers });
}

// next-auth's own test (`isValidHttpUrl` in next-auth/core/lib/assert).
function httpUrl(url: string, baseUrl: string): boolean {
  try {
    return /^https?:/.test(new URL(url, url.startsWith("/") ? baseUrl : undefined).protocol);
  } catch {
    return false;
  }
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
