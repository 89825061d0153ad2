import fc from "fast-check";

/** Text to fuzz inputs with, shared by the unit fuzz tests and the HTTP ones (e2e/support/fuzz.ts). */

/** Payloads that would run in a page if a response reflected them unescaped. */
export const MARKUP = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  "</title><script>alert(1)</script>",
  '<a href="javascript:alert(1)">x</a>',
] as const;

const TRICKY = [
  "", " ", "\u0000", "a\u0000b", "%", "%00", "%E0%A4%A", "../", "..%2f", "//evil.example", "/.//evil.example", "javascript:alert(1)",
  "null", "undefined", "NaN", "-1", "0", "1e309", "[object Object]", "__proto__", "constructor", "$ACTION_ID_x", "$@1", "${7*7}",
  "' OR '1'='1", "1; drop table users", "\u202e", "\ud800", "🙂", "ﬀ", "\r\nSet-Cookie: a=b", "a".repeat(5000),
];

const controls = fc.string({ unit: fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 5 });

/** Any text a form field or URL parameter could carry, weighted towards the troublesome. */
export const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: "binary", maxLength: 120 }) },
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 3, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...MARKUP), fc.string({ maxLength: 8 })).map((p) => p.join("")) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9a-f-]{36}$/) },
  { weight: 1, arbitrary: controls },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 100, maxLength: 1500 }) },
);

/** Real ids mixed with look-alikes and garbage. */
export function idLike(pool: readonly string[]): fc.Arbitrary<string> {
  return pool.length > 0 ? fc.oneof(fc.constantFrom(...pool), fc.uuid(), text) : fc.oneof(fc.uuid(), text);
}

/** What a form field or URL parameter can arrive as: missing, text, repeated, or (from JSON or a file) anything. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: text },
  { weight: 1, arbitrary: fc.array(text, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.jsonValue() },
);

/** Runs per unit fuzz property: 10,000 unless FUZZ_UNIT_RUNS says otherwise. */
export const UNIT_RUNS = Number(process.env.FUZZ_UNIT_RUNS ?? 10_000);
