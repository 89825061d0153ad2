import * as crypto from "node:crypto";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import {
  EXTERNAL_ID_ALLOWED_PATTERN,
  EXTERNAL_ID_MAX_LENGTH,
  EXTERNAL_ID_MIN_LENGTH,
  EXTERNAL_ID_PREFIX,
  generateExternalId,
  isExternalId,
} from "./external-id";

vi.mock("node:crypto", async (importOriginal) => {
  const original = await importOriginal<typeof import("node:crypto")>();
  return { ...original, randomBytes: vi.fn(original.randomBytes) };
});

// The character set AWS documents for sts:ExternalId, spelled out rather than as a regex.
const ALLOWED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+=,.@:/-";

describe("generateExternalId", () => {
  it("draws at least 128 bits from crypto.randomBytes", () => {
    vi.mocked(crypto.randomBytes).mockClear();
    generateExternalId();
    expect(crypto.randomBytes).toHaveBeenCalledTimes(1);
    expect(vi.mocked(crypto.randomBytes).mock.calls[0]![0]).toBeGreaterThanOrEqual(16);
  });

  it("is the recognisable prefix plus the random bytes, base64url, within AWS's rules", () => {
    const id = generateExternalId();
    expect(id.startsWith(EXTERNAL_ID_PREFIX)).toBe(true);
    const random = Buffer.from(id.slice(EXTERNAL_ID_PREFIX.length), "base64url");
    expect(random.length * 8).toBeGreaterThanOrEqual(128);
    expect(random.toString("base64url")).toBe(id.slice(EXTERNAL_ID_PREFIX.length));
    expect([...id].every((c) => ALLOWED.includes(c))).toBe(true);
    expect(isExternalId(id)).toBe(true);
  });

  it("does not repeat", () => {
    const ids = new Set(Array.from({ length: 5000 }, generateExternalId));
    expect(ids.size).toBe(5000);
  });
});

describe("isExternalId", () => {
  it.each([
    ["ab", true],
    ["a", false],
    ["", false],
    ["x".repeat(EXTERNAL_ID_MAX_LENGTH), true],
    ["x".repeat(EXTERNAL_ID_MAX_LENGTH + 1), false],
    ["a_+=,.@:/-Z9", true],
    ["has space", false],
    ["tab\there", false],
    ["new\nline", false],
    ["a&param_X=y#z", false],
    ['quote"d', false],
    ["it's", false],
    ["café", false],
    ["emoji😀", false],
    ["${AWS::Region}", false],
  ])("%j → %s", (value, expected) => {
    expect(isExternalId(value)).toBe(expected);
  });

  it("rejects non-strings without throwing", () => {
    for (const value of [undefined, null, 42, {}, ["ab"]]) expect(isExternalId(value as unknown as string)).toBe(false);
  });

  it("accepts exactly the strings of 2–1224 allowed characters", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => {
        const expected = s.length >= 2 && [...s].every((c) => ALLOWED.includes(c));
        expect(isExternalId(s)).toBe(expected);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...ALLOWED), minLength: EXTERNAL_ID_MIN_LENGTH, maxLength: 200 }), (s) => {
        expect(isExternalId(s)).toBe(true);
      }),
    );
  });

  it("agrees with the AllowedPattern the template gives CloudFormation", () => {
    const pattern = new RegExp(`^${EXTERNAL_ID_ALLOWED_PATTERN}$`);
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-ascii", minLength: 2, maxLength: 30 }), (s) => {
        expect(pattern.test(s)).toBe(isExternalId(s));
      }),
    );
  });
});
