import { z } from "zod";

// Control characters, format characters (bidi embeddings, overrides and isolates, direction marks,
// zero-width spaces, soft hyphens) and line or paragraph separators: text with them can display
// other than it reads ("Acme\u202Egnp.exe" shows as "Acmeexe.png"), or look empty.
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
// Zero-width (non-)joiners between two letters or symbols are how Persian and Indic names and emoji
// sequences are written; anywhere else they only hide.
const JOINER_IN_WORD = /(?<=[\p{L}\p{M}\p{So}])[\u200C\u200D](?=[\p{L}\p{M}\p{So}])/gu;

/** True when a text holds nothing that displays other than it reads (see HIDDEN). */
export function isPlainText(text: string): boolean {
  return !HIDDEN.test(text.replace(JOINER_IN_WORD, ""));
}

/** A short name people read in lists (an API key, a webhook endpoint): trimmed, no hidden characters. */
export function displayName(what: string, max = 100) {
  return z
    .string({ error: `Enter a name for the ${what}.` })
    .trim()
    .min(1, { error: `Enter a name for the ${what}.` })
    .max(max, { error: `Use at most ${max} characters.` })
    .refine(isPlainText, { error: "Remove control and invisible formatting characters." });
}
