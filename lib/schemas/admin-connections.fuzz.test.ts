import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCursor } from "@/lib/dal/admin/keyset";
import { isUuid } from "@/lib/dal/ids";
import { anyValue, text, UNIT_RUNS } from "@/tests/support/fuzz-text";
import { CONNECTION_SORTS, connectionListSearch, overviewSchema, parseConnectionList, PRINTABLE } from "./admin-connections";

// The admin list's URL parameters, 10,000 cases each: parsing never throws, every value that reaches
// a query is one PostgreSQL takes (NUL in text is an error there, not a miss), and links round-trip.

const NAMES = ["q", "status", "partition", "org", "sort", "dir", "size", "after", "before", "x"];
const params = fc.dictionary(fc.oneof(fc.constantFrom(...NAMES), text), fc.oneof(anyValue.map((v) => (typeof v === "string" || Array.isArray(v) ? v : undefined)), fc.constantFrom("verified", "aws", "organization", "asc", "25")));

describe("admin connection list parameters, fuzzed", () => {
  it("parse anything into a valid list state", () => {
    fc.assert(
      fc.property(params, (raw) => {
        const query = parseConnectionList(raw as Record<string, string | string[] | undefined>);
        if (query.q !== undefined) expect(query.q).toMatch(PRINTABLE);
        if (query.org !== undefined) expect(isUuid(query.org)).toBe(true);
        expect(CONNECTION_SORTS).toContain(query.sort);
        expect([10, 25, 50, 100]).toContain(query.size);
      }),
      { numRuns: UNIT_RUNS },
    );
  });

  it("give the same state back from the links they make", () => {
    fc.assert(
      fc.property(params, (raw) => {
        const query = parseConnectionList(raw as Record<string, string | string[] | undefined>);
        expect(parseConnectionList(new URLSearchParams(connectionListSearch(query)))).toEqual(query);
      }),
      { numRuns: UNIT_RUNS },
    );
  });

  it("read any cursor as keys of the right shape, or as none", () => {
    const forged = fc
      .tuple(fc.constantFrom(...CONNECTION_SORTS), fc.constantFrom("asc", "desc"), fc.array(fc.oneof(text, fc.constant("-infinity"), fc.uuid()), { maxLength: 5 }))
      .map(([s, d, keys]) => Buffer.from(JSON.stringify([s, d, ...keys])).toString("base64url"));
    fc.assert(
      fc.property(fc.oneof(forged, text), fc.constantFrom(...CONNECTION_SORTS), (cursor, sort) => {
        const keys = decodeCursor(cursor, sort, "desc");
        for (const key of keys ?? []) expect(key).toMatch(PRINTABLE);
      }),
      { numRuns: UNIT_RUNS },
    );
  });

  it("keep the overview window within 1-365 days", () => {
    fc.assert(
      fc.property(fc.record({ days: anyValue }), (raw) => {
        const { days } = overviewSchema.parse(raw);
        expect(Number.isInteger(days) && days >= 1 && days <= 365).toBe(true);
      }),
      { numRuns: UNIT_RUNS },
    );
  });
});
