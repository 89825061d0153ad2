/** POSIX shell quoting for the commands Rolegate shows people to copy and run. */

// Characters no POSIX shell treats specially in a word; `=` and `:` only matter in
// assignments and tilde expansion at the start, so a leading one is quoted too.
const SAFE_WORD_RE = /^[A-Za-z0-9_@%+,./-][A-Za-z0-9_@%+=:,./-]*$/;

/**
 * One shell word that means exactly `value`: left bare when safe, otherwise in
 * single quotes, where nothing is special except `'` itself, written `'\''`.
 */
export function shellQuote(value: string): string {
  if (value.includes("\u0000")) throw new RangeError("A shell argument cannot contain a NUL character");
  if (SAFE_WORD_RE.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** A command line from its words, each quoted, continued over lines with ` \`. */
export function shellCommand(words: readonly string[][]): string {
  return words.map((line) => line.map(shellQuote).join(" ")).join(" \\\n  ");
}
