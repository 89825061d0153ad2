const cache = new Map<string, RegExp>();

/** IAM wildcard match: `*` is any run of characters, `?` exactly one; nothing else is special. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const cacheKey = (ignoreCase ? "i:" : "s:") + pattern;
  let regex = cache.get(cacheKey);
  if (!regex) {
    const source = pattern
      .split("")
      .map((ch) => (ch === "*" ? "[\\s\\S]*" : ch === "?" ? "[\\s\\S]" : ch.replace(/[\\^$.|+()[\]{}]/g, "\\$&")))
      .join("");
    regex = new RegExp(`^${source}$`, ignoreCase ? "i" : "");
    if (cache.size > 1000) cache.clear();
    cache.set(cacheKey, regex);
  }
  return regex.test(value);
}

/**
 * ArnLike/ArnEquals: each of the six colon-separated parts is matched on its
 * own, so a `*` in the account part cannot swallow the colon after it.
 */
export function arnMatch(pattern: string, value: string): boolean {
  const p = splitArn(pattern);
  const v = splitArn(value);
  if (!p || !v) return false;
  return p.every((part, i) => wildcardMatch(part, v[i] ?? ""));
}

function splitArn(value: string): string[] | undefined {
  const parts = value.split(":");
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(":")];
}
