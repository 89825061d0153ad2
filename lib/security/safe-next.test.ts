import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { text, UNIT_RUNS } from "@/tests/support/fuzz-text";
import { safeCallbackUrl, safeNext } from "./safe-next";

const SITE = "https://rolegate.example";

describe("safeNext", () => {
  it("keeps paths on this site, with their query", () => {
    expect(safeNext("/admin/organizations?x=1")).toBe("/admin/organizations?x=1");
    expect(safeNext(["/accounts", "/admin"])).toBe("/accounts");
    expect(safeNext(undefined)).toBe("/");
  });

  it("sends everything that would leave the site home", () => {
    for (const v of ["https://evil.example/", "//evil.example", "/\\evil.example", "\\\\evil.example", "/.//evil.example", "/..//evil.example", "/%2e//evil.example", "/x/../\\evil.example", "javascript:alert(1)", "http:evil.example"]) {
      expect(safeNext(v), v).toBe("/");
    }
  });

  it("never returns a place off the site, whatever the input", () => {
    const input = fc.oneof(text, fc.webUrl(), fc.webPath(), fc.array(fc.constantFrom("/", "\\", ".", "..", "%2e", "%2f", "evil.example", "@", ":"), { maxLength: 8 }).map((p) => p.join("")));
    fc.assert(
      fc.property(input, (value) => {
        const next = safeNext(value);
        expect(next.startsWith("/") && !next.startsWith("//")).toBe(true);
        // Resolved by a browser on our site, it stays on our site.
        expect(new URL(next, SITE).origin).toBe(SITE);
      }),
      { numRuns: UNIT_RUNS },
    );
  });
});

describe("safeCallbackUrl", () => {
  it("keeps a place on this site, given as a path or a URL", () => {
    expect(safeCallbackUrl("/accounts?x=1", SITE)).toBe(`${SITE}/accounts?x=1`);
    expect(safeCallbackUrl(`${SITE}/admin/organizations`, SITE)).toBe(`${SITE}/admin/organizations`);
  });

  it("sends another site, or no URL at all, to this site's home instead of throwing", () => {
    for (const v of ["http://localhost:3000.evil.example", "https://rolegate.example.evil.example/", "https://evil.example/", "//evil.example", "/\\evil.example", "http://[::1", "javascript:alert(1)"]) {
      expect(safeCallbackUrl(v, SITE), v).toBe(SITE);
    }
  });

  it("never throws nor leaves the site, whatever the input", () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.webUrl(), fc.webPath()), (value) => {
        expect(new URL(safeCallbackUrl(value, SITE)).origin).toBe(SITE);
      }),
      { numRuns: UNIT_RUNS },
    );
  });
});
