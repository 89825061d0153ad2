import type { z } from "zod";
import type { ApiKeyScope } from "@/lib/schemas/api-keys";
import type { ProblemType } from "./problem";

/**
 * One operation of the partner API: its method, path, scope and schemas. The route handler
 * validates with these schemas and the OpenAPI document is generated from them, so the document
 * cannot drift from what the API accepts.
 */
export type Operation<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> = {
  operationId: string;
  method: "GET" | "POST" | "DELETE";
  /** The OpenAPI path under /api/v1, e.g. `/connections/{id}`. */
  path: string;
  tag: "Organizations" | "Connections" | "Events" | "Webhooks" | "Meta";
  summary: string;
  description?: string;
  /** `read` keys may call `read` operations only; `write` keys both. Null: no key needed. */
  scope: ApiKeyScope | null;
  params?: P;
  query?: Q;
  body?: B;
  success: { status: 200 | 201 | 204; description: string; schema?: z.ZodType };
  /** Problems this operation can answer besides those every authenticated operation can. */
  problems: ProblemType[];
  /** What a malformed or unknown id in the path is told. */
  notFound?: string;
};

type Parsed<T extends z.ZodType> = z.ZodType extends T ? undefined : z.output<T>;

/** What a handler receives once the request passed validation. */
export type OperationInput<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> = {
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
};

/** Declares an operation (an identity function that keeps the schema types). */
export function operation<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType>(spec: Operation<P, Q, B>): Operation<P, Q, B> {
  return spec;
}
