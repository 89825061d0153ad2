import type { oas32 } from "zod-openapi";
import { type Document, type FieldRow, fieldsOf, isRef, resolve, row } from "./schema-fields";

/**
 * The OpenAPI document read for people: each operation with what it needs, its parameters, body,
 * answer and problems.
 */

export type ParameterRow = FieldRow & { in: string };
export type Payload = { description: string; schemaName: string | null; fields: FieldRow[] };
export type OperationView = {
  id: string;
  method: string;
  path: string;
  tag: string;
  summary: string;
  description: string;
  scope: "read" | "write" | null;
  parameters: ParameterRow[];
  body: Payload | null;
  success: Payload & { status: string };
  problems: { status: string; description: string }[];
};

const METHODS = new Set(["get", "post", "put", "patch", "delete"]);

function payload(doc: Document, description: string, content: oas32.ContentObject | undefined): Payload {
  const media = content?.["application/json"];
  const schema = media && !isRef(media) ? media.schema : undefined;
  if (schema === undefined) return { description, schemaName: null, fields: [] };
  return { description, schemaName: resolve(doc, schema).name, fields: fieldsOf(doc, schema) };
}

function operationView(doc: Document, basePath: string, path: string, method: string, op: oas32.OperationObject): OperationView {
  const parameters = (op.parameters ?? []).flatMap((p) => {
    if (isRef(p)) return [];
    const field = row(doc, p.name, p.schema ?? {}, p.required ?? p.in === "path");
    return [{ ...field, in: p.in, description: p.description ?? field.description }];
  });
  const requestBody = op.requestBody && !isRef(op.requestBody) ? op.requestBody : undefined;
  const responses = Object.entries(op.responses ?? {}).flatMap(([status, r]) => (isRef(r) ? [] : [{ status, response: r as oas32.ResponseObject }]));
  const ok = responses.find((r) => r.status.startsWith("2"));
  const scope = (op as { "x-required-scope"?: unknown })["x-required-scope"];
  return {
    id: op.operationId ?? `${method}-${path}`,
    method: method.toUpperCase(),
    path: `${basePath}${path}`,
    tag: op.tags?.[0] ?? "Other",
    summary: op.summary ?? "",
    description: op.description ?? "",
    scope: scope === "read" || scope === "write" ? scope : null,
    parameters,
    body: requestBody ? payload(doc, requestBody.description ?? "", requestBody.content) : null,
    success: { status: ok?.status ?? "", ...payload(doc, ok?.response.description ?? "", ok?.response.content) },
    problems: responses.filter((r) => !r.status.startsWith("2")).map((r) => ({ status: r.status, description: r.response.description ?? "" })),
  };
}

/** Every operation of the document in its order, paths under `basePath` (e.g. `/api/v1`). */
export function operationsOf(doc: Document, basePath: string): OperationView[] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item).flatMap(([method, op]) => (METHODS.has(method) ? [operationView(doc, basePath, path, method, op as oas32.OperationObject)] : [])),
  );
}

/** Operations grouped by tag, tags in the order they first appear. */
export function byTag(operations: OperationView[]): [string, OperationView[]][] {
  const groups = new Map<string, OperationView[]>();
  for (const op of operations) groups.set(op.tag, [...(groups.get(op.tag) ?? []), op]);
  return [...groups];
}
