/** Rendering JSON-like values as HCL (Terraform) expressions. */

/** An HCL string literal: quotes, backslashes and control characters escaped, and `${`/`%{` kept literal. */
export function hclString(value: string): string {
  const escaped = value
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t")
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    // Terraform would otherwise read these as an interpolation or a template directive.
    .replace(/\$\{/g, () => "$${")
    .replace(/%\{/g, () => "%%{");
  return `"${escaped}"`;
}

const IDENTIFIER_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * An HCL expression for a JSON value (what `JSON.stringify` accepts, with
 * `undefined` properties left out), indented for a block at `indent` spaces.
 */
export function hclValue(value: unknown, indent = 0): string {
  const pad = " ".repeat(indent + 2);
  const end = " ".repeat(indent);
  if (value === null) return "null";
  if (typeof value === "string") return hclString(value);
  if (typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))) return String(value);
  if (Array.isArray(value)) {
    const items = value.map((item) => `${pad}${hclValue(item, indent + 2)},`);
    return items.length === 0 ? "[]" : `[\n${items.join("\n")}\n${end}]`;
  }
  if (typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) {
    throw new TypeError("hclValue: only JSON values can be written as HCL");
  }
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  if (entries.length === 0) return "{}";
  const width = Math.max(...entries.map(([key]) => hclKey(key).length));
  const lines = entries.map(([key, item]) => `${pad}${hclKey(key).padEnd(width)} = ${hclValue(item, indent + 2)}`);
  return `{\n${lines.join("\n")}\n${end}}`;
}

function hclKey(key: string): string {
  return IDENTIFIER_RE.test(key) ? key : hclString(key);
}
