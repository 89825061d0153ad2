/** Numbers and counted words as people read them, in the one locale the pages use (server and browser alike). */

const integer = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });
const plurals = new Intl.PluralRules("en-GB");

/** 20008 → "20,008". */
export function formatCount(n: number): string {
  return integer.format(n);
}

/** "1 connection", "20,008 connections": the noun agrees with the number. */
export function counted(n: number, one: string, other = `${one}s`): string {
  return `${formatCount(n)} ${plurals.select(n) === "one" ? one : other}`;
}

/** A count that stopped at `limit + 1`: "10,000+" past the limit, the number itself up to it. */
export function formatCountUpTo(n: number, limit: number): string {
  return n > limit ? `${formatCount(limit)}+` : formatCount(n);
}
