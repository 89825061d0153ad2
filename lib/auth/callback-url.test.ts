import { describe, expect, it } from "vitest";
import { badCallbackUrl } from "./callback-url";

const SITE = "https://rolegate.example";
const EVIL = "http://localhost:3000.evil.example";
const post = (query: string, cookie?: string) =>
  new Request(`${SITE}/api/auth/callback/credentials${query}`, { method: "POST", headers: cookie ? { cookie } : {} });

describe("badCallbackUrl", () => {
  it("lets through what next-auth accepts: no callback URL, a path, an http(s) URL anywhere (our redirect callback keeps it on the site)", () => {
    for (const query of ["", "?callbackUrl=%2Faccounts", `?callbackUrl=${encodeURIComponent("https://evil.example/")}`]) {
      expect(badCallbackUrl(post(query), SITE), query).toBeNull();
    }
    expect(badCallbackUrl(post("", "next-auth.callback-url=https%3A%2F%2Frolegate.example%2F; other=1"), SITE)).toBeNull();
  });

  it("refuses a query callbackUrl that is no http(s) URL with 400, also as a repeated parameter", async () => {
    for (const query of [`?callbackUrl=${encodeURIComponent(EVIL)}`, "?callbackUrl=javascript:alert(1)", `?callbackUrl=%2F&callbackUrl=${encodeURIComponent(EVIL)}`]) {
      const refused = badCallbackUrl(post(query), SITE);
      expect(refused?.status, query).toBe(400);
      expect(await refused?.text()).toBe("Bad request: the callback URL is not a URL.\n");
    }
  });

  it("refuses such a callback-url cookie with 400 and clears it", () => {
    const refused = badCallbackUrl(post("", `__Secure-next-auth.callback-url=${encodeURIComponent(EVIL)}`), SITE);
    expect(refused?.status).toBe(400);
    expect(refused?.headers.get("set-cookie")).toMatch(/^__Secure-next-auth\.callback-url=; Path=\/; Max-Age=0/);
  });
});
