import type { oas32 } from "zod-openapi";

/**
 * JSON Schemas of the OpenAPI document as people read them: a type in a few words, and objects
 * flattened into rows of fields, with `$ref`s resolved to their components.
 */

export type Document = oas32.OpenAPIObject;
export type Schema = oas32.SchemaObject | oas32.ReferenceObject;
/** A schema that is an object (JSON Schema also allows `true` and `false`). */
type Node = oas32.SchemaObjectValue;

export type FieldRow = {
  name: string;
  type: string;
  required: boolean;
  description: string;
  /** The allowed values, for enums. */
  values: string[];
  /** Limits and defaults, in words ("1–200", "default 50"), patterns as `code`. */
  limits: string[];
};

const MAX_DEPTH = 4;
const SAFE_INTEGER = Number.MAX_SAFE_INTEGER;
const number = new Intl.NumberFormat("en");

/** Whether a value is a `$ref`. */
export const isRef = (s: unknown): s is oas32.ReferenceObject => typeof s === "object" && s !== null && typeof (s as { $ref?: unknown }).$ref === "string";
const node = (s: oas32.SchemaObject): Node => (typeof s === "boolean" ? {} : s);

/** The name of a `#/components/schemas/…` reference. */
function refName(ref: oas32.ReferenceObject): string {
  return ref.$ref.split("/").pop() ?? ref.$ref;
}

/** A schema with its reference followed (components only; anything else resolves to an empty schema). */
export function resolve(doc: Document, schema: Schema): { name: string | null; schema: Node } {
  if (!isRef(schema)) return { name: null, schema: node(schema) };
  const name = refName(schema);
  const target = doc.components?.schemas?.[name];
  return target !== undefined && !isRef(target) ? { name, schema: node(target) } : { name, schema: {} };
}

/** The type of a schema in a few words: "string (uuid)", "array of Organization", "string or null". */
export function typeOf(doc: Document, value: Schema): string {
  if (isRef(value)) return refName(value);
  if (typeof value === "boolean") return value ? "any" : "nothing";
  const schema = value;
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return [...new Set(union.map((s) => typeOf(doc, s)))].join(" or ");
  const types = [schema.type ?? (schema.properties ? "object" : "any")].flat();
  return types
    .map((t) => {
      if (t === "array") return `array of ${schema.items ? typeOf(doc, schema.items) : "any"}`;
      if (t === "string" && schema.format) return `string (${schema.format})`;
      return t;
    })
    .join(" or ");
}

function limitsOf(schema: Node): string[] {
  const limits: string[] = [];
  const range = (min: number | undefined, max: number | undefined, unit: string) => {
    if (min !== undefined && max !== undefined) limits.push(`${number.format(min)}–${number.format(max)}${unit}`);
    else if (max !== undefined) limits.push(`at most ${number.format(max)}${unit}`);
    else if (min !== undefined && min > 0) limits.push(`at least ${number.format(min)}${unit}`);
  };
  // zod writes the safe-integer bounds on every integer: not a limit anyone needs to read.
  const bounded = (n: number | undefined) => (n !== undefined && Math.abs(n) < SAFE_INTEGER ? n : undefined);
  range(schema.minLength, schema.maxLength, " characters");
  range(bounded(schema.minimum), bounded(schema.maximum), "");
  range(schema.minItems, schema.maxItems, " items");
  if (schema.default !== undefined) limits.push(`default ${JSON.stringify(schema.default)}`);
  // Short patterns say something (`^\d{12}$`); those behind a format (uuid, date-time) only repeat it.
  if (typeof schema.pattern === "string" && !schema.format && schema.pattern.length <= 40) limits.push(`matches \`${schema.pattern}\``);
  return limits;
}

/** The branches of a schema that are not `null`, with references followed. */
function branches(doc: Document, schema: Schema): Node[] {
  const { schema: s } = resolve(doc, schema);
  const union = s.anyOf ?? s.oneOf;
  if (!union) return [s];
  return union.flatMap((b) => branches(doc, b)).filter((b) => b.type !== "null");
}

/** One field (or parameter) of type `schema`. */
export function row(doc: Document, name: string, schema: Schema, required: boolean): FieldRow {
  const resolved = branches(doc, schema);
  const own = isRef(schema) ? undefined : node(schema).description;
  const values = resolved.flatMap((b) => (b.enum ?? (b.const !== undefined ? [b.const] : [])).map(String));
  // A shared schema's description is borrowed when it is one line (a list of every event type is not).
  const description = own ?? resolved.map((b) => b.description).find((d): d is string => typeof d === "string" && !d.includes("\n")) ?? "";
  return {
    name,
    type: typeOf(doc, schema),
    required,
    description,
    values: resolved.length > 1 ? [] : values,
    limits: resolved.flatMap(limitsOf).filter((limit) => !description.includes(limit)),
  };
}

/** The fields of a schema as rows, nested objects and arrays of objects as `a.b` and `a[].b`. */
export function fieldsOf(doc: Document, schema: Schema, prefix = "", depth = 0): FieldRow[] {
  if (depth > MAX_DEPTH) return [];
  const rows: FieldRow[] = [];
  for (const object of branches(doc, schema)) {
    const required = new Set(object.required ?? []);
    for (const [key, property] of Object.entries(object.properties ?? {})) {
      const name = `${prefix}${key}`;
      rows.push(row(doc, name, property, required.has(key)));
      for (const inner of branches(doc, property)) {
        if (inner.properties) rows.push(...fieldsOf(doc, inner, `${name}.`, depth + 1));
        else if (inner.type === "array" && inner.items) rows.push(...fieldsOf(doc, inner.items, `${name}[].`, depth + 1));
      }
    }
  }
  return rows;
}
