import { describe, expect, it } from "vitest";
import { emailSchema, personName } from "./auth";
import { organizationNameSchema } from "./organizations";
import { displayName } from "./text";

const fields = {
  "organisation name": organizationNameSchema,
  "person name": personName,
  "display name": displayName("key"),
};

const hidden = {
  "right-to-left override": "Acme\u202Egnp.exe Corp",
  "left-to-right embedding": "Acme\u202A Corp",
  "pop directional formatting": "Acme\u202C Corp",
  "right-to-left isolate": "Acme\u2067x\u2069 Corp",
  "first strong isolate": "Acme\u2068 Corp",
  "right-to-left mark": "Acme\u200F Corp",
  "Arabic letter mark": "Acme\u061C Corp",
  "zero-width space": "Ac\u200Bme",
  "zero-width joiner alone": "\u200DAcme",
  "zero-width non-joiner before a space": "Acme\u200C Corp",
  "word joiner": "Ac\u2060me",
  "byte-order mark": "Ac\uFEFFme",
  "soft hyphen": "Ac\u00ADme",
  "line separator": "Acme\u2028Corp",
  "paragraph separator": "Acme\u2029Corp",
  "interlinear annotation": "Acme\uFFF9x\uFFFB",
  "tag character": "Acme\u{E0041}",
  "NUL": "Acme\u0000",
  "line feed": "Acme\nCorp",
};

describe("names refuse characters that display other than they read", () => {
  for (const [field, schema] of Object.entries(fields)) {
    it.each(Object.entries(hidden))(`${field}: %s`, (_, text) => {
      const result = schema.safeParse(text);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/invisible formatting characters/);
    });

    it(`${field}: accepts names in other scripts, joiners inside words and emoji included`, () => {
      for (const name of ["Acme Corp", "Müller & Söhne GmbH", "شرکت می\u200Cخواهم", "क्\u200Dष Labs", "Family 👨\u200D👩\u200D👧", "株式会社アクメ", "אקמה בע״מ"]) {
        expect(schema.safeParse(name).success, name).toBe(true);
      }
    });
  }

  it("e-mail addresses too, with a message that says why", () => {
    for (const text of Object.values(hidden)) {
      const result = emailSchema.safeParse(`x${text.replaceAll(" ", "")}@example.com`);
      expect(result.success).toBe(false);
    }
    expect(emailSchema.safeParse("ad\u202Emin@example.com").error?.issues[0]?.message).toMatch(/invisible formatting characters/);
    expect(emailSchema.safeParse("admin@example.com").success).toBe(true);
  });
});
