import fc from "fast-check";
import { MARKUP, text } from "./fuzz";

/** Arbitraries for server action arguments: the fields a form sends, and anything else a caller could. */

type Fields = Record<string, string | string[]>;

// Field names without control characters: Next.js's multipart parser answers 500 ("Malformed part
// header") to those before any of our code runs; values carry every character.
const fieldName = text.filter((name) => !/[\u0000-\u001f\u007f]/.test(name));

/**
 * `[prevState, FormData]` as React sends a form, with the form's fields (any may be missing), a few
 * unknown ones, sometimes a file where text is expected; and, when `anyShape`, now and then
 * arguments of any other shape (a server action is an HTTP endpoint: it gets what the caller encodes).
 */
export function formArgs(fields: fc.Arbitrary<Fields>, anyShape = true): fc.Arbitrary<unknown[]> {
  const form = fc
    .record({ fields, extra: fc.dictionary(fieldName, text, { maxKeys: 2 }), file: fc.boolean() })
    .map(({ fields, extra, file }) => {
      const data = new FormData();
      for (const [name, value] of Object.entries({ ...extra, ...fields })) for (const v of [value].flat()) data.append(name, v);
      const first = Object.keys(fields)[0];
      if (file && first) data.set(first, new Blob(["<script>alert(1)</script>"], { type: "text/html" }), "x.html");
      return [{}, data] as unknown[];
    });
  return anyShape ? fc.oneof({ weight: 19, arbitrary: form }, { weight: 1, arbitrary: fc.array(fc.jsonValue(), { maxLength: 3 }) }) : form;
}

/** A field that is sometimes a valid value, sometimes anything. */
export function field(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(valid, text);
}

/** A new password and its confirmation: equal and long enough now and then, anything otherwise. */
export const passwords = fc
  .tuple(field(fc.string({ minLength: 12, maxLength: 80 })), fc.boolean(), text)
  .map(([password, same, other]) => ({ password, confirm: same ? password : other }));

/** Role ARNs: well-formed ones (with markup where IAM allows the characters), near misses, and anything. */
export const roleArn = fc.oneof(
  fc
    .tuple(fc.stringMatching(/^\d{12}$/), fc.stringMatching(/^[\w+=,.@-]{1,64}$/), fc.constantFrom("", "/", "/team/"))
    .map(([account, name, path]) => `arn:aws:iam::${account}:role${path || "/"}${name}`),
  fc.tuple(fc.stringMatching(/^\d{12}$/), fc.constantFrom(...MARKUP)).map(([account, m]) => `arn:aws:iam::${account}:role/${m}`),
  text.map((t) => `arn:aws:iam::123456789012:role/${t}`),
  text,
);

/** E-mail addresses: unique valid ones, markup in the local part, and anything. */
export const email = fc.oneof(
  fc.uuid().map((u) => `fuzz-${u}@fuzz.test`),
  fc.constantFrom(...MARKUP).map((m) => `${m}@fuzz.test`),
  text,
);
