import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { text, UNIT_RUNS } from "@/tests/support/fuzz-text";
import { safeNext } from "./safe-next";

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
