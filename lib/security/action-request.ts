import { argumentsProblem } from "./action-arguments";
import { readLimited } from "./limited-body";

/**
 * Server action requests that Next.js would answer with a 500 (it throws on them while reading the
 * request, before the action runs), refused here with the status that says what is wrong. The
 * checks mirror Next.js 16's action handler (`next/dist/server/app-render/action-handler.js`).
 */

/** Next.js's default `serverActions.bodySizeLimit` (next.config.ts sets none): 1 MB. */
export const ACTION_BODY_LIMIT = 1024 * 1024;

export type Refusal = { status: 400 | 403 | 413 | 415; reason: string };

// What `next build` writes for an action: 42 lowercase hex digits (Next.js checks the length only).
const ACTION_ID = /^[0-9a-f]{42}$/;
const FETCH_ROW = /^[0-9a-f]+$/;
// A form posted without JavaScript names its action's rows `$ACTION_<n>:<row>`.
const FORM_ROW = /^(\$ACTION_\d+:)([0-9a-f]+)$/;

/** Whether Next.js reads this request as a server action: a POST to a page with a `Next-Action` header or a multipart body. */
export function isActionRequest(request: Request): boolean {
  if (request.method !== "POST" || new URL(request.url).pathname.startsWith("/api/")) return false;
  return request.headers.has("next-action") || multipart(request.headers);
}

/** Why this server action request is refused, or null to let Next.js run it. Reads the body (Next.js gives the proxy a copy). */
export async function actionRequestRefusal(request: Request): Promise<Refusal | null> {
  const id = request.headers.get("next-action");
  if (id !== null && !ACTION_ID.test(id)) return { status: 400, reason: "this is not a server action id" };
  const origin = originProblem(request.headers);
  if (origin) return { status: 403, reason: origin };
  const contentType = request.headers.get("content-type") ?? "";
  if (!multipart(request.headers) && mediaType(contentType) !== "text/plain") {
    return { status: 415, reason: "server actions take text/plain (JSON) or multipart/form-data" };
  }
  if (multipart(request.headers) && !/;\s*boundary=[^;\s]/i.test(contentType)) return { status: 400, reason: "the multipart body has no boundary" };
  const body = await readLimited(request, ACTION_BODY_LIMIT);
  if (!body) return { status: 413, reason: `the body is larger than ${ACTION_BODY_LIMIT} bytes` };
  const problem = multipart(request.headers) ? await multipartProblem(body, contentType, id !== null) : argumentsProblem(new Map([["0", new TextDecoder().decode(body)]]), true);
  return problem ? { status: 400, reason: problem } : null;
}

// Next.js's own test, case and all: anything else with a `Next-Action` header is read as text.
function multipart(headers: Headers): boolean {
  return (headers.get("content-type") ?? "").startsWith("multipart/form-data");
}

function mediaType(contentType: string): string {
  return contentType.split(";")[0]!.trim().toLowerCase();
}

/**
 * Next.js compares the Origin's host with X-Forwarded-Host, else Host, and throws when they differ.
 * It lets a request without an Origin through; every browser sends one with a POST, so a request
 * without one was made by hand, and is refused too.
 */
function originProblem(headers: Headers): string | null {
  const origin = headers.get("origin");
  if (!origin || origin === "null") return "the request has no origin";
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return "the origin is not a URL";
  }
  const expected = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  return host === expected ? null : "the request comes from another site";
}

async function multipartProblem(body: Uint8Array, contentType: string, fetchAction: boolean): Promise<string | null> {
  let form: FormData;
  try {
    form = await new Response(body as BodyInit, { headers: { "content-type": contentType } }).formData();
  } catch {
    return "the multipart body is malformed or cut short";
  }
  // One set of rows for a call from JavaScript; one per action for a form posted without it.
  const replies = new Map<string, Map<string, string>>();
  for (const [name, value] of form) {
    const row = rowOf(name, fetchAction);
    if (!row) continue;
    if (typeof value !== "string") return "an argument row is a file";
    replies.set(row.reply, (replies.get(row.reply) ?? new Map<string, string>()).set(row.id, value));
  }
  if (fetchAction && !replies.get("")?.has("0")) return "the arguments are missing";
  for (const rows of replies.values()) {
    const problem = argumentsProblem(rows, fetchAction);
    if (problem) return problem;
  }
  return null;
}

/** Which reply and row a multipart field is, or null for a form field (those are prefixed, `_1_email`, and not decoded). */
function rowOf(name: string, fetchAction: boolean): { reply: string; id: string } | null {
  if (fetchAction) return FETCH_ROW.test(name) ? { reply: "", id: name } : null;
  const match = FORM_ROW.exec(name);
  return match ? { reply: match[1]!, id: match[2]! } : null;
}
