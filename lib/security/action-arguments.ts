/**
 * React decodes a server action's arguments (its "reply") before the action runs, and answers 500
 * when it cannot: text that is not JSON, nesting deep enough to overflow its recursion, a reference
 * to a row the body does not hold (`$Q1`, `$W1`, `$h1`, `$1`…), a malformed BigInt. The rows are
 * checked here first, against what React's client encoder sends for this app's actions.
 */

/** Deeper than any argument this app takes, far below what overflows React's reviver. */
export const MAX_DEPTH = 64;
/** Next.js calls the action with row 0 as its argument list, and throws past 1,000 arguments. */
export const MAX_ARGUMENTS = 1000;

// Values that stand alone. `$$` escapes a string starting with `$`; `$D` is a Date, any text
// (an unparseable one is an Invalid Date); `$n` a BigInt, which React caps at 300 digits.
const STANDALONE = /^\$(?:\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|D|n-?\d{1,300}$)/;
// `$K` names a FormData by its fields' prefix (none is an empty FormData); `$@` is a promise of another row.
const FORM_DATA = /^\$K[0-9a-f]+$/;
const PROMISE = /^\$@([0-9a-f]+)$/;

/**
 * Why React could not decode these rows (ids as React numbers them, in hex), or null when it can.
 * Everything else React knows (Map, Set, Blob, typed arrays, streams, server and temporary
 * references, shared objects) is refused: no action of this app takes one. `argumentList`: row 0
 * is the list the action is called with (a form posted without JavaScript names its action there).
 */
export function argumentsProblem(rows: ReadonlyMap<string, string>, argumentList: boolean): string | null {
  for (const [id, text] of rows) {
    if (tooDeep(text)) return `the arguments are nested more than ${MAX_DEPTH} deep`;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return "the arguments are not JSON";
    }
    if (argumentList && id === "0" && !(Array.isArray(value) && value.length <= MAX_ARGUMENTS)) return `the arguments are not a list of at most ${MAX_ARGUMENTS}`;
    const bad = strings(value).find((s) => s.startsWith("$") && !allowed(s, id, rows));
    if (bad !== undefined) return `the arguments hold a value no action takes (${bad.slice(0, 12)})`;
  }
  return null;
}

function allowed(value: string, row: string, rows: ReadonlyMap<string, string>): boolean {
  if (STANDALONE.test(value) || FORM_DATA.test(value)) return true;
  const promised = PROMISE.exec(value)?.[1];
  return promised !== undefined && promised !== row && rows.has(promised);
}

/** Whether JSON text nests arrays and objects deeper than MAX_DEPTH, counted without recursion. */
function tooDeep(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "[" || c === "{") {
      if (++depth > MAX_DEPTH) return true;
    } else if (c === "]" || c === "}") depth--;
  }
  return false;
}

/** Every string value in parsed JSON (React reads keys as they are). */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}
