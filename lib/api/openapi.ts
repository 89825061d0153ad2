import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import type { Operation } from "./operation";
import { OPERATIONS } from "./operations";
import { PROBLEM_TYPES, type ProblemType, problemUri } from "./problem";

/**
 * The OpenAPI 3.1 document of the partner API, generated from the operations and their zod
 * schemas (lib/api/operations.ts): what the API validates is what the document says.
 */

const problemSchema = z
  .object({
    type: z.string().meta({ description: "Stable: branch on this.", example: problemUri("validation-error") }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z
      .array(z.object({ in: z.enum(["body", "query", "path", "header"]), field: z.string(), detail: z.string() }))
      .optional()
      .meta({ description: "For validation problems: each field and what is wrong with it." }),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details." });

const rateLimitHeaders = {
  "RateLimit-Limit": { description: "Requests allowed per window for this key.", schema: { type: "integer" as const } },
  "RateLimit-Remaining": { description: "Requests left in the current window.", schema: { type: "integer" as const } },
  "RateLimit-Reset": { description: "Seconds until the window resets.", schema: { type: "integer" as const } },
};

function problemResponse(types: ProblemType[]) {
  const list = types.map((t) => `\`${problemUri(t)}\``).join(", ");
  return { description: `${PROBLEM_TYPES[types[0]!].title} (${list}).`, content: { "application/problem+json": { schema: problemSchema } } };
}

/** Every problem an operation can answer, grouped by status. */
function problemResponses(op: Operation): Record<string, ReturnType<typeof problemResponse>> {
  const types: ProblemType[] = [...op.problems];
  if (op.scope !== null) types.push("unauthorized", "rate-limited", "internal-error", "unavailable");
  if (op.scope === "write") types.push("forbidden");
  if (op.method === "POST") types.push("invalid-json", "unsupported-media-type", "payload-too-large", "validation-error");
  const byStatus = new Map<number, ProblemType[]>();
  for (const type of new Set(types)) byStatus.set(PROBLEM_TYPES[type].status, [...(byStatus.get(PROBLEM_TYPES[type].status) ?? []), type]);
  return Object.fromEntries([...byStatus].sort(([a], [b]) => a - b).map(([status, list]) => [String(status), problemResponse(list)]));
}

function operationObject(op: Operation): ZodOpenApiOperationObject {
  const success = op.success.schema
    ? { description: op.success.description, headers: op.scope ? rateLimitHeaders : undefined, content: { "application/json": { schema: op.success.schema } } }
    : { description: op.success.description };
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.tag],
    security: op.scope === null ? [] : [{ apiKey: [] }],
    ...(op.scope ? { "x-required-scope": op.scope } : {}),
    requestParams: {
      ...(op.params ? { path: op.params as z.ZodObject } : {}),
      ...(op.query ? { query: op.query as z.ZodObject } : {}),
      ...(op.method === "POST" && op.scope !== null
        ? { header: z.object({ "Idempotency-Key": z.string().max(255).optional().meta({ description: "Makes a retry of this POST safe: the same key and body get the first answer again." }) }) }
        : {}),
    },
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: op.body } } } } : {}),
    responses: { [String(op.success.status)]: success, ...problemResponses(op) },
  };
}

/** The document, for `GET /api/v1/openapi.json` and the docs page; `serverUrl` is the API's base URL. */
export function openApiDocument(serverUrl: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const op of OPERATIONS) {
    paths[op.path] = { ...paths[op.path], [op.method.toLowerCase()]: operationObject(op) };
  }
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Rolegate partner API",
      version: "1.0.0",
      description:
        "Read and follow the AWS accounts your customers connect: organisations, connections and their External IDs, live verification, an event log and signed webhooks. Authenticate with an API key created at /admin/api-keys: `Authorization: Bearer rgk_…`. Errors are RFC 9457 problem details.",
    },
    servers: [{ url: serverUrl }],
    components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key (`rgk_…`), created by a partner admin. `read` keys can call GET operations only." } } },
    paths,
  });
}
