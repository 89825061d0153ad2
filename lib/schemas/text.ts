import { z } from "zod";

// Control characters, and format characters (bidi overrides and isolates, zero-width joiners and
// spaces, soft hyphens): text with them can display other than it reads, or look empty.
const HIDDEN = /[\p{Cc}\p{Cf}]/u;

/** A short name people read in lists (an API key, a webhook endpoint): trimmed, no hidden characters. */
export function displayName(what: string, max = 100) {
  return z
    .string({ error: `Enter a name for the ${what}.` })
    .trim()
    .min(1, { error: `Enter a name for the ${what}.` })
    .max(max, { error: `Use at most ${max} characters.` })
    .refine((s) => !HIDDEN.test(s), { error: "Remove control and invisible formatting characters." });
}
