import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { isDalError } from "@/lib/dal/errors";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { logger } from "@/lib/log";
import { type ApiCaller, authenticate } from "./auth";
import { parseJson, readJsonText } from "./body";
import { claimIdempotency, type IdempotencyRun } from "./idempotency";
import { ApiProblem, type FieldError, problemResponse } from "./problem";
import type { Operation, OperationInput } from "./operation";
import { fromDalError } from "./refusals";

/** What a handler answers: the status (the operation's success status by default) and a JSON body. */
export type ApiResult = { status?: number; body?: unknown; headers?: HeadersInit };

type RouteContext = { params: Promise<Record<string, string | string[]>> };

/**
 * A Next.js route handler for an operation of the partner API. In order: authenticate the bearer
 * key, count it against its rate limit, check its scope, validate path, query and body with the
 * operation's schemas (unknown fields refused), honour `Idempotency-Key` on POST, run, and turn
 * every refusal into `application/problem+json`. Cookies are ignored: a browser session cannot
 * call the API, so there is nothing to forge across sites.
 */
export function apiHandler<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  operation: Operation<P, Q, B>,
  run: (input: OperationInput<P, Q, B> & { caller: ApiCaller; request: Request }) => Promise<ApiResult>,
) {
  const scope = operation.scope;
  if (scope === null) throw new Error(`${operation.operationId} needs no key: serve it with a plain route handler`);
  return async (request: Request, context: RouteContext): Promise<Response> => {
    const started = performance.now();
    const requestId = randomUUID();
    let caller: ApiCaller | undefined;
    let limitHeaders: Headers = new Headers();
    let idempotency: IdempotencyRun | undefined;
    let response: Response;
    try {
      ({ caller, headers: limitHeaders } = await authenticate(request, scope));
      const input = await validate(operation, request, await context.params);
      idempotency = await claimIdempotency(request, caller, input.bodyText);
      if (idempotency?.replay) response = idempotency.replay;
      else {
        const result = await run({ ...input.values, caller, request });
        response = json(result.status ?? operation.success.status, result.body, result.headers);
      }
    } catch (error) {
      response = refusal(error, requestId, operation);
    }
    if (idempotency && !idempotency.replay) {
      // The change is made; failing to keep its answer only means a retry is refused or runs again.
      await idempotency.settle(response).catch((error: unknown) => logger().error({ err: error, requestId }, "api: could not store the idempotent answer"));
    }
    for (const [name, value] of limitHeaders) response.headers.set(name, value);
    response.headers.set("X-Request-Id", requestId);
    logger().info(
      { requestId, operation: operation.operationId, apiKeyId: caller?.viewer.apiKeyId, status: response.status, durationMs: Math.round(performance.now() - started) },
      "api request",
    );
    return response;
  };
}

async function validate<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(operation: Operation<P, Q, B>, request: Request, rawParams: Record<string, unknown>) {
  const params = operation.params ? operation.params.safeParse(rawParams) : undefined;
  // A malformed id names nothing that exists: the same answer as an unknown one.
  if (params && !params.success) throw new ApiProblem("not-found", operation.notFound ?? "Nothing has this id.");
  const url = new URL(request.url);
  const rawQuery: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    if (name in rawQuery) throw new ApiProblem("validation-error", `The query parameter \`${name}\` is given more than once.`, [{ in: "query", field: name, detail: "Give it once." }]);
    rawQuery[name] = value;
  }
  const query = (operation.query ?? emptyObject).safeParse(rawQuery);
  if (!query.success) throw invalid(query.error, "query");
  const bodyText = operation.method === "POST" ? await readJsonText(request) : "";
  const body = (operation.body ?? emptyObject).safeParse(parseJson(bodyText));
  if (!body.success) throw invalid(body.error, "body");
  return { bodyText, values: { params: params?.data, query: query.data, body: body.data } as OperationInput<P, Q, B> };
}

const emptyObject = { safeParse: (value: unknown) => emptyCheck(value) };

/** Routes without a body or query accept none: an unknown field is a mistake the caller should hear of. */
function emptyCheck(value: unknown): { success: true; data: undefined } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return { success: true, data: undefined };
    return { success: false, error: { issues: keys.map((key) => ({ path: [key], message: "This operation takes no such field." })) } };
  }
  return { success: false, error: { issues: [{ path: [], message: "Expected a JSON object." }] } };
}

function invalid(error: { issues: readonly { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] }[] }, where: FieldError["in"]): ApiProblem {
  const errors: FieldError[] = error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys" && issue.keys
      ? issue.keys.map((key) => ({ in: where, field: [...issue.path, key].join("."), detail: "Unknown field: this operation takes no such field." }))
      : [{ in: where, field: issue.path.map(String).join(".") || "(body)", detail: issue.message }],
  );
  const what = where === "body" ? "body" : "query parameters";
  return new ApiProblem("validation-error", `The ${what} did not pass validation: ${errors.map((e) => `${e.field}: ${e.detail}`).join("; ")}`, errors);
}

function json(status: number, body: unknown, headers?: HeadersInit): Response {
  const out = new Headers(headers);
  out.set("Cache-Control", "no-store");
  if (status === 204 || body === undefined) return new Response(null, { status, headers: out });
  out.set("Content-Type", "application/json");
  return new Response(JSON.stringify(body), { status, headers: out });
}

function refusal(error: unknown, requestId: string, operation: Operation): Response {
  if (error instanceof ApiProblem) return problemResponse(error.type, error.message, { ...(error.errors ? { errors: error.errors } : {}), ...(error.headers ? { headers: error.headers } : {}) });
  if (isDalError(error)) return fromDalError(error, queryFields(operation));
  if (isDatabaseUnavailable(error)) {
    logger().warn({ err: error, requestId, operation: operation.operationId }, "api request: database unavailable");
    return problemResponse("unavailable", `The database did not answer in time (request id ${requestId}). Retry in a few seconds; a POST with the same Idempotency-Key is never applied twice.`, {
      headers: { "Retry-After": "5" },
    });
  }
  logger().error({ err: error, requestId, operation: operation.operationId }, "api request failed");
  return problemResponse("internal-error", `The request could not be completed (request id ${requestId}). Retry it; a POST with the same Idempotency-Key is never applied twice.`);
}

/** The names of an operation's query parameters. */
function queryFields(operation: Operation): string[] {
  const shape = (operation.query as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}
