import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  EXTERNAL_ID_ALLOWED_PATTERN,
  EXTERNAL_ID_MAX_LENGTH,
  EXTERNAL_ID_MIN_LENGTH,
  EXTERNAL_ID_PREFIX,
  generateExternalId,
  isExternalId,
} from "./external-id";

// The character set AWS documents for sts:ExternalId, spelled out rather than as a regex.
const ALLOWED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+=,.@:/-";
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const SAMPLES = 2000;

/** The random part of an id, as the bytes it encodes. */
const randomPart = (id: string) => Buffer.from(id.slice(EXTERNAL_ID_PREFIX.length), "base64url");

describe("generateExternalId", () => {
  afterEach(() => vi.restoreAllMocks());

  it("is the recognisable prefix and at least 128 bits in base64url, within AWS's rules", () => {
    for (let i = 0; i < SAMPLES; i++) {
      const id = generateExternalId();
      expect(id.startsWith(EXTERNAL_ID_PREFIX)).toBe(true);
      expect(id.slice(EXTERNAL_ID_PREFIX.length)).toMatch(BASE64URL);
      expect(randomPart(id).length * 8).toBeGreaterThanOrEqual(128);
      expect(randomPart(id).toString("base64url")).toBe(id.slice(EXTERNAL_ID_PREFIX.length));
      expect([...id].every((c) => ALLOWED.includes(c))).toBe(true);
      expect(isExternalId(id)).toBe(true);
    }
  });

  it("varies every bit it claims: each is set in about half of the ids", () => {
    const parts = Array.from({ length: SAMPLES }, () => randomPart(generateExternalId()));
    const bits = parts[0]!.length * 8;
    expect(parts.every((p) => p.length * 8 === bits)).toBe(true);
    // For fair bits the count is 1000 ± 22 (one standard deviation): ±200 fails only for a stuck or biased bit.
    for (let bit = 0; bit < bits; bit++) {
      const set = parts.filter((p) => (p[bit >> 3]! >> (7 - (bit & 7))) & 1).length;
      expect(set, `bit ${bit}`).toBeGreaterThan(SAMPLES / 2 - 200);
      expect(set, `bit ${bit}`).toBeLessThan(SAMPLES / 2 + 200);
    }
  });

  it("does not repeat, nor share a long run with another id", () => {
    const ids = Array.from({ length: SAMPLES }, generateExternalId);
    expect(new Set(ids).size).toBe(SAMPLES);
    // 64 random bits in common by chance: about 2^-64 per pair. A counter or a clock would share them.
    expect(new Set(ids.map((id) => randomPart(id).subarray(0, 8).toString("hex"))).size).toBe(SAMPLES);
  });

  it("does not come from Math.random", () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    expect(new Set(Array.from({ length: 100 }, generateExternalId)).size).toBe(100);
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
