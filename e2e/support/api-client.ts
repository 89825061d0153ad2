import { expect, request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { e2e } from "../../playwright.config";
import { unique } from "../fixtures";
import { createRole, customerAccountId, sandboxInfo, trustPolicy } from "./sandbox";

/**
 * The partner API as a partner's backend calls it: JSON over HTTP with a bearer key, nothing of a
 * browser (no cookies, no origin). Every answer is read whole and kept with its status and headers,
 * and can be handed to observers (the contract test checks each one against the OpenAPI document).
 */

export type Organization = { id: string; name: string; externalId: string; createdAt: string };
export type Connection = {
  id: string;
  organizationId: string;
  accountId: string;
  roleArn: string;
  roleName: string;
  partition: string;
  externalId: string;
  status: string;
  lastVerifiedAt: string | null;
  lastCheckedAt: string | null;
  lastFailure: { code: string; message: string | null } | null;
  createdAt: string;
};
export type ApiEvent = { id: string; type: string; timestamp: string; data: Record<string, unknown> };
export type Webhook = { id: string; url: string; events: string[]; enabled: boolean; secret?: string };
export type Delivery = { id: string; eventId: string; eventType: string; status: string; attempts: number; lastStatusCode: number | null };
export type Page<T> = { data: T[]; nextCursor: string | null };
export type Problem = { type: string; title: string; status: number; detail: string; errors?: { in: string; field: string; detail: string }[] };

/** One answer of the API: status, headers (lower-case names), the text as sent and its JSON (undefined if none). */
export type ApiResponse<T = unknown> = { method: string; path: string; status: number; headers: Record<string, string>; text: string; body: T };

export type RequestOptions = {
  /** A value sent as JSON (`Content-Type: application/json`). */
  json?: unknown;
  /** Bytes sent as they are, with `contentType` (JSON unless said otherwise). */
  raw?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
};

export class PartnerClient {
  private readonly observers: ((response: ApiResponse) => void)[] = [];

  constructor(readonly http: APIRequestContext) {}

  /** Calls `observer` with every answer from now on. */
  observe(observer: (response: ApiResponse) => void): void {
    this.observers.push(observer);
  }

  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    // Always bytes: Playwright re-encodes a *string* that is not valid JSON as a JSON string when
    // the Content-Type says JSON, which would hide every malformed body.
    let data: Buffer | undefined;
    if (options.json !== undefined) {
      data = Buffer.from(JSON.stringify(options.json));
      headers["content-type"] ??= options.contentType ?? "application/json";
    } else if (options.raw !== undefined) {
      data = Buffer.from(options.raw);
      headers["content-type"] ??= options.contentType ?? "application/json";
    }
    const url = path.startsWith("/api/") ? path : `/api/v1${path}`;
    const response = await this.http.fetch(url, { method, headers, maxRedirects: 0, failOnStatusCode: false, ...(data !== undefined ? { data } : {}) });
    const text = await response.text(); // throws when the answer is cut short
    const result: ApiResponse<T> = { method, path: url, status: response.status(), headers: response.headers(), text, body: parse(text) as T };
    for (const observer of this.observers) observer(result);
    return result;
  }

  get<T = unknown>(path: string, headers?: Record<string, string>) {
    return this.request<T>("GET", path, { headers: headers ?? {} });
  }

  post<T = unknown>(path: string, json: unknown = {}, headers?: Record<string, string>) {
    return this.request<T>("POST", path, { json, headers: headers ?? {} });
  }

  delete<T = unknown>(path: string) {
    return this.request<T>("DELETE", path);
  }

  dispose(): Promise<void> {
    return this.http.dispose();
  }
}

function parse(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A client that sends `Authorization` as given (a key's `Bearer …`, garbage, or nothing at all). */
export async function apiClient(authorization: string | null, headers: Record<string, string> = {}): Promise<PartnerClient> {
  const extraHTTPHeaders = { ...(authorization === null ? {} : { authorization }), ...headers };
  return new PartnerClient(await playwrightRequest.newContext({ baseURL: e2e.baseURL, extraHTTPHeaders }));
}

/** A partner's backend holding this key. */
export function partnerApi(key: string): Promise<PartnerClient> {
  return apiClient(`Bearer ${key}`);
}

/** The answer is a 2xx with this status; says what came back otherwise. */
export function expectStatus(response: ApiResponse, status: number): void {
  expect(response.status, `${response.method} ${response.path} → ${response.text.slice(0, 400)}`).toBe(status);
}

/** The answer is an RFC 9457 problem of this status (and `type`, e.g. "validation-error"). */
export function expectProblem(response: ApiResponse, status: number, type?: string): Problem {
  expectStatus(response, status);
  expect(response.headers["content-type"], `${response.method} ${response.path}`).toMatch(/^application\/problem\+json/);
  const problem = response.body as Problem;
  expect(problem, `a problem body: ${response.text.slice(0, 200)}`).toMatchObject({ type: expect.stringMatching(/^urn:rolegate:problem:/), status, title: expect.any(String), detail: expect.any(String) });
  if (type) expect(problem.type).toBe(`urn:rolegate:problem:${type}`);
  return problem;
}

/** The fields a validation problem names. */
export function fieldsOf(problem: Problem): string[] {
  return (problem.errors ?? []).map((e) => e.field);
}

/** Every row of a paged list, following `nextCursor` (`query` without `cursor`). */
export async function walk<T>(client: PartnerClient, path: string, query: Record<string, string> = {}, between?: () => Promise<void>): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 10_000; pages++) {
    const params: URLSearchParams = new URLSearchParams({ ...query, ...(cursor ? { cursor } : {}) });
    const page: ApiResponse<Page<T>> = await client.get<Page<T>>(`${path}?${params}`);
    expectStatus(page, 200);
    rows.push(...page.body.data);
    cursor = page.body.nextCursor;
    if (!cursor) return rows;
    await between?.();
  }
  throw new Error(`${path}: no end after 10,000 pages`);
}

/** Every event after `after` (all from the start when null) that is settled now, in log order. */
export async function eventsAfter(client: PartnerClient, after: string | null): Promise<ApiEvent[]> {
  const events: ApiEvent[] = [];
  let cursor = after;
  for (;;) {
    const page = await client.get<Page<ApiEvent>>(`/events?${new URLSearchParams({ limit: "500", ...(cursor ? { after: cursor } : {}) })}`);
    expectStatus(page, 200);
    events.push(...page.body.data);
    if (!page.body.nextCursor) return events;
    cursor = page.body.nextCursor;
  }
}

/**
 * The id of the newest event now: a position to read "what happened since" from. When the log is
 * empty, an organisation is created so that there is one.
 */
export async function eventMark(client: PartnerClient): Promise<string> {
  const last = (await eventsAfter(client, null)).at(-1);
  if (last) return last.id;
  const org = await client.post<Organization>("/organizations", { name: `Event mark ${Date.now()}` });
  expectStatus(org, 201);
  let found: ApiEvent | undefined;
  await expect.poll(async () => (found = (await eventsAfter(client, null)).at(-1))).toBeTruthy();
  return found!.id;
}

/** The events after `after` about any of `ids` (an event's `data.id`), waiting until `predicate` holds. */
export async function eventsAbout(client: PartnerClient, after: string, ids: string[], predicate: (events: ApiEvent[]) => boolean, timeout = 15_000): Promise<ApiEvent[]> {
  let events: ApiEvent[] = [];
  await expect
    .poll(
      async () => {
        events = (await eventsAfter(client, after)).filter((e) => ids.includes(String(e.data.id)));
        return predicate(events);
      },
      { timeout, message: `events about ${ids.join(", ")}` },
    )
    .toBe(true);
  return events;
}

/** A sandbox role in a new customer account trusting the partner: only with `externalId`, or with none at all when null (insecure). */
export async function sandboxRole(externalId: string | null, label = "Api"): Promise<string> {
  const { partner } = await sandboxInfo();
  return createRole({ accountId: customerAccountId(), roleName: unique(label), trustPolicy: trustPolicy(partner.accountId, externalId ?? undefined) });
}

/** A well-formed role ARN in a new customer account, with no role behind it. */
export function unusedRoleArn(label = "Api"): string {
  return `arn:aws:iam::${customerAccountId()}:role/${unique(label)}`;
}

/** Deletes the webhook endpoints whose URL `mine` recognises (endpoints are few: at most 50 in all). */
export async function deleteEndpoints(client: PartnerClient, mine: (url: string) => boolean): Promise<void> {
  const list = await client.get<Page<Webhook>>("/webhooks");
  for (const endpoint of list.body?.data ?? []) if (mine(endpoint.url)) await client.delete(`/webhooks/${endpoint.id}`);
}
