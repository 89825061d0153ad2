import fc from "fast-check";
import type { z } from "zod";
import type { Operation } from "../lib/api/operation";
import { OPERATIONS } from "../lib/api/operations";
import { EVENT_TYPES } from "../lib/events/types";
import { apiClient, deleteEndpoints, eventMark, expectStatus, partnerApi, sandboxRole, unusedRoleArn, walk, type ApiResponse, type Connection, type Delivery, type Organization, type PartnerClient, type Webhook } from "./support/api-client";
import { newKey } from "./support/api-keys";
import { adminApi } from "./support/api-session";
import { encode, FUZZ, fuzz, idLike, query, segment, text } from "./support/fuzz";
import { startReceiver, type Receiver } from "./support/webhook-receiver";
import { expect, test, unique } from "./fixtures";

// Every operation of the partner API, fuzzed with a write key: path ids, query parameters (declared
// and unknown, repeated, malformed) and JSON bodies (plausible ones, wrong types, deep nesting,
// huge strings, broken bytes). No answer is a 5xx or arrives cut short, every refusal is a problem
// document, and a refused create creates nothing.

type Body = { raw: string | Buffer; contentType: string; headers: Record<string, string> };
type Case = { url: string; body?: Body };
type Pools = { organization: string[]; connection: string[]; spareConnection: string[]; webhook: string[]; spareWebhook: string[]; delivery: string[]; event: string[]; cursor: string[] };

const pools = {} as Pools;
let receiver: Receiver;
let admin: Awaited<ReturnType<typeof adminApi>>;
let setupClient: PartnerClient;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  admin = await adminApi();
  setupClient = await partnerApi((await newKey(admin, "write", "fuzz-setup")).key);
  receiver = await startReceiver();
  const api = setupClient;
  const org = (await api.post<Organization>("/organizations", { name: unique("Api Fuzz") })).body;
  const connection = (await api.post<Connection>(`/organizations/${org.id}/connections`, { roleArn: await sandboxRole(org.externalId, "Fuzz") })).body;
  expectStatus(await api.post(`/connections/${connection.id}/verify`), 200); // verified: no propagation retries on later checks
  const webhook = (await api.post<Webhook>("/webhooks", { url: receiver.url, events: ["connection.created"] })).body;
  const spareWebhook = (await api.post<Webhook>("/webhooks", { url: `${receiver.url}/spare`, events: ["job.completed"] })).body;
  const spare = (await api.post<Connection>(`/organizations/${org.id}/connections`, { roleArn: unusedRoleArn("FuzzSpare") })).body;
  let delivery: Delivery | undefined;
  await expect.poll(async () => (delivery = (await api.get<{ data: Delivery[] }>(`/webhooks/${webhook.id}/deliveries`)).body.data[0])).toBeTruthy();
  const page = await api.get<{ nextCursor: string }>("/organizations?limit=1");
  Object.assign(pools, {
    organization: [org.id],
    connection: [connection.id],
    spareConnection: [spare.id],
    webhook: [webhook.id],
    spareWebhook: [spareWebhook.id],
    delivery: [delivery!.id],
    event: [await eventMark(api)],
    cursor: [page.body.nextCursor],
  } satisfies Pools);
});
test.afterAll(async () => {
  if (setupClient && receiver) await deleteEndpoints(setupClient, (url) => url.startsWith(receiver.url) || /^https?:\/\/127\.0\.0\.1:9\/fuzz/.test(url));
  await Promise.all([setupClient?.dispose(), admin?.dispose(), receiver?.close()]);
});

const shape = (schema: z.ZodType | undefined): string[] => Object.keys((schema as unknown as { shape?: Record<string, unknown> } | undefined)?.shape ?? {});

/** Ids for a path parameter: the real ones of this operation's target, look-alikes and garbage. */
function pathValue(op: Operation, param: string): fc.Arbitrary<string> {
  const pool =
    param === "deliveryId"
      ? pools.delivery
      : op.path.startsWith("/organizations")
        ? pools.organization
        : op.path.startsWith("/connections")
          ? op.method === "DELETE"
            ? pools.spareConnection
            : pools.connection
          : op.method === "DELETE"
            ? pools.spareWebhook
            : pools.webhook;
  return fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...pool) }, { weight: 2, arbitrary: idLike(pool).map((id) => encode(id) || "x") }, { weight: 1, arbitrary: segment });
}

const queryValue = () =>
  fc.oneof(
    { weight: 3, arbitrary: text },
    {
      weight: 2,
      arbitrary: fc.constantFrom("1", "2", "50", "200", "201", "500", "501", "0", "-1", "1e3", "0x10", " 5", "verified", "pending", "disconnected", "123456789012", "*", ...EVENT_TYPES, ...pools.organization, ...pools.event, ...pools.cursor),
    },
    { weight: 1, arbitrary: fc.array(text, { maxLength: 3 }).map((a) => Buffer.from(JSON.stringify(a)).toString("base64url")) },
    { weight: 1, arbitrary: fc.tuple(fc.date({ noInvalidDate: true }), fc.uuid()).map(([d, id]) => Buffer.from(JSON.stringify([d.toISOString().replace("T", " ").replace("Z", "+00"), id])).toString("base64url")) },
  );

const wrongType: fc.Arbitrary<unknown> = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(text, { maxLength: 3 }), fc.object({ maxDepth: 2 }));
const arnLike = fc
  .tuple(fc.constantFrom("aws", "aws-cn", "aws-us-gov", "aws-iso", ""), fc.constantFrom("iam", "sts", "s3"), fc.stringMatching(/^\d{0,13}$/), fc.constantFrom("role/", "role/path/", "user/", "assumed-role/", ""), fc.oneof(fc.stringMatching(/^[\w+=,.@-]{0,70}$/), text))
  .map(([p, s, a, r, n]) => `arn:${p}:${s}::${a}:${r}${n}`);

const validArn = fc.tuple(fc.stringMatching(/^[1-9]\d{11}$/), fc.stringMatching(/^[\w+=,.@-]{1,64}$/)).map(([account, name]) => `arn:aws:iam::${account}:role/${name}`);

/** Values for a body field: valid or plausible for its name most of the time, the wrong type sometimes. */
function fieldValue(field: string): fc.Arbitrary<unknown> {
  const plausible: Record<string, fc.Arbitrary<unknown>> = {
    name: fc.oneof(text, fc.string({ minLength: 1, maxLength: 60 }), fc.string({ unit: "grapheme", minLength: 1, maxLength: 60 })),
    email: fc.oneof(fc.emailAddress(), text),
    roleArn: fc.oneof(validArn, arnLike, text),
    url: fc.oneof(
      fc.uuid().map((id) => `http://127.0.0.1:9/fuzz-${id}`),
      fc.constantFrom("https://127.0.0.1:9/fuzz", "http://[::1]:9/x", "ftp://127.0.0.1/", "http://user:pw@127.0.0.1:9/", "http://127.0.0.1:9/#x"),
      // Any URL's shape, always on the discard port of loopback: an accepted endpoint never reaches a real host.
      fc.webUrl({ withQueryParameters: true, withFragments: true }).map((u) => {
        const url = new URL(u);
        return `${url.protocol}//127.0.0.1:9/fuzz${url.pathname}${url.search}${url.hash}`;
      }),
      text,
    ),
    events: fc.oneof(fc.array(fc.constantFrom(...EVENT_TYPES, "*"), { minLength: 1, maxLength: 12 }), fc.array(fc.oneof(fc.constantFrom("nope"), text), { maxLength: 3 })),
    description: fc.oneof(fc.string({ maxLength: 60 }), text),
  };
  return fc.oneof({ weight: 4, arbitrary: plausible[field] ?? text }, { weight: 1, arbitrary: wrongType });
}

const json = (value: unknown): string => JSON.stringify(value) ?? "null";
const DEEP_ARRAYS = `${"[".repeat(5000)}${"]".repeat(5000)}`;
const DEEP_OBJECTS = `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`;

/** The text of a body: plausible objects, any JSON, and the shapes that break parsers. */
function bodyText(op: Operation): fc.Arbitrary<string | Buffer> {
  const fields = shape(op.body);
  const plausible = fc
    .tuple(fc.record(Object.fromEntries(fields.map((f) => [f, fc.oneof({ weight: 6, arbitrary: fieldValue(f) }, { weight: 1, arbitrary: fc.constant(undefined) })]))), fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom("evil", "__proto__", "constructor", "id", "organizationId", "externalId", "secret"), fc.jsonValue()) }))
    .map(([record, extra]) => json(extra ? { ...record, [extra[0]]: extra[1] } : record));
  const first = fields[0] ?? "name";
  return fc.oneof(
    { weight: 6, arbitrary: plausible },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json) },
    { weight: 2, arbitrary: text },
    {
      weight: 2,
      arbitrary: fc.constantFrom<string | Buffer>(
        "",
        DEEP_ARRAYS,
        DEEP_OBJECTS,
        `{"${first}":${DEEP_ARRAYS}}`,
        json({ [first]: "a".repeat(60_000) }),
        json({ [first]: "é".repeat(40_000) }),
        json({ [first]: "🙂".repeat(20_000) }),
        "a".repeat(70_000),
        `{"__proto__":{"${first}":"x"},"${first}":"y"}`,
        `{"${first}":"a","${first}":"b"}`,
        `{"${first}":1e999999}`,
        "NaN",
        "null",
        "[]",
        "\ufeff{}",
        Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]),
        Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]),
      ),
    },
  );
}

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant("application/json") },
  { weight: 2, arbitrary: fc.constantFrom("application/json; charset=utf-8", "APPLICATION/JSON", "application/json; charset=latin1", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json-patch+json", "*/*") },
  { weight: 1, arbitrary: fc.stringMatching(/^[\x20-\x7e]{0,60}$/) },
);
const idempotencyKey = fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: fc.uuid() }, { weight: 1, arbitrary: fc.stringMatching(/^[\x20-\x7e]{0,300}$/) });

function caseOf(op: Operation): fc.Arbitrary<Case> {
  const params = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const path = fc.tuple(...params.map((p) => pathValue(op, p))).map((values) => values.reduce((p, v, i) => p.replace(`{${params[i]}}`, v), op.path));
  const url = fc.tuple(path, query(shape(op.query), queryValue())).map(([p, q]) => `/api/v1${p}${q === "?" ? "" : q}`);
  if (op.method !== "POST") return url.map((u) => ({ url: u }));
  const body = fc.record({ raw: bodyText(op), contentType, key: idempotencyKey }).map(({ raw, contentType, key }): Body => ({ raw, contentType, headers: key === null ? {} : { "Idempotency-Key": key } }));
  return fc.record({ url, body });
}

/** A property every answer has: no 5xx, whole, and a problem document for every refusal. */
function expectWellFormed(response: ApiResponse): void {
  const where = `${response.method} ${response.path.slice(0, 200)} → ${response.status} ${response.text.slice(0, 200)}`;
  expect(response.status, where).toBeLessThan(500);
  if (response.status >= 300 && response.status < 400) {
    // Next.js sends `/api/v1/organizations/` to `/api/v1/organizations`, and `/api/v1/organizations/..`
    // to `/api/v1` (308, query kept): never off the API.
    expect(response.headers.location ?? "", where).toMatch(/^\/api\/v1(\/[^/]|[?#]|$)/);
    return;
  }
  if (response.status === 204) return expect(response.text, where).toBe("");
  expect(response.body, `${where}: JSON`).toBeDefined();
  if (response.status >= 400) {
    expect(response.headers["content-type"], where).toMatch(/^application\/problem\+json/);
    expect(response.body, where).toMatchObject({ type: expect.stringMatching(/^urn:rolegate:problem:[a-z-]+$/), status: response.status, title: expect.any(String), detail: expect.any(String) });
  }
}

/** What a create would have made, named by the field that makes it recognisable. */
type Made = { id: string; key: string };
type Watch = { list: (api: PartnerClient) => Promise<Made[]>; field: string; cleanUp?: (api: PartnerClient, id: string) => Promise<unknown> };

/** The rows a create can add to, so that a refused one can be shown to have added none. */
function watchOf(op: Operation): Watch | undefined {
  const org = pools.organization[0]!;
  if (op.operationId === "createOrganization") return { field: "name", list: organizationTail };
  if (op.operationId === "createConnection") return { field: "roleArn", list: async (api) => (await walk<Connection>(api, "/connections", { organizationId: org, limit: "200" })).map((c) => ({ id: c.id, key: c.roleArn })) };
  if (op.operationId === "createWebhookEndpoint") {
    return { field: "url", list: async (api) => (await walk<Webhook>(api, "/webhooks")).map((w) => ({ id: w.id, key: w.url })), cleanUp: (api, id) => api.delete(`/webhooks/${id}`) };
  }
  return undefined;
}

let tailCursor: string | undefined;
/** The newest organisations (the last page as it was first seen, and whatever came after), without walking them all each time. */
async function organizationTail(api: PartnerClient): Promise<Made[]> {
  if (tailCursor === undefined) {
    let cursor = ""; // from the start
    for (;;) {
      const page: ApiResponse<{ nextCursor: string | null }> = await api.get(`/organizations?limit=200${cursor ? `&cursor=${cursor}` : ""}`);
      if (!page.body.nextCursor) break;
      cursor = page.body.nextCursor;
    }
    tailCursor = cursor;
  }
  return (await walk<Organization>(api, "/organizations", { limit: "200", ...(tailCursor ? { cursor: tailCursor } : {}) })).map((o) => ({ id: o.id, key: o.name }));
}

/** The value of `field` a body sent, as text the app would have stored (for recognising what it made). */
function sentKey(body: Body | undefined, field: string): string | undefined {
  if (!body) return undefined;
  try {
    const value = (JSON.parse(body.raw.toString()) as Record<string, unknown> | null)?.[field];
    return value === undefined || value === null || typeof value === "object" ? undefined : String(value).trim();
  } catch {
    return undefined;
  }
}

for (const op of OPERATIONS) {
  test(`fuzz ${op.method} ${op.path}`, async () => {
    test.setTimeout(90_000 + FUZZ.runs * 300);
    const api = op.scope === null ? await apiClient(null) : await partnerApi((await newKey(admin, "write", `fuzz-${op.operationId}`)).key);
    const watch = watchOf(op);
    const accepted = new Set<string>();
    const suspects: (Made & { sent: string })[] = [];
    await fuzz(`${op.method} ${op.path}`, caseOf(op), async ({ url, body }) => {
      // Each target's key also does its counting: 200 cases stay within a key's 1,000 requests a minute.
      const before = watch && body ? await watch.list(api) : [];
      const response = await api.request(op.method, url, body ? { raw: body.raw, contentType: body.contentType, headers: body.headers } : {});
      expectWellFormed(response);
      if (response.status < 400) {
        const made = (response.body as { id?: string } | undefined)?.id;
        if (watch && made) {
          accepted.add(made);
          await watch.cleanUp?.(api, made);
        }
        return `status ${response.status}`;
      }
      const sent = sentKey(body, watch?.field ?? "");
      if (watch && sent !== undefined) {
        const known = new Set(before.map((m) => m.id));
        // Rows that appeared meanwhile with what this body sent: made by this request, unless a
        // concurrent accepted case made them (sorted out at the end, when all ids are known).
        for (const row of await watch.list(api)) if (!known.has(row.id) && row.key === sent) suspects.push({ ...row, sent });
      }
      return `status ${response.status}`;
    });
    expect(suspects.filter((s) => !accepted.has(s.id)), "rows created by refused requests").toEqual([]);
    await api.dispose();
  });
}

test("fuzz paths under /api/v1 that name no operation", async () => {
  test.setTimeout(60_000 + FUZZ.runs * 200);
  const api = await partnerApi((await newKey(admin, "write", "fuzz-paths")).key);
  const path = fc.tuple(fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE"), fc.array(segment, { minLength: 1, maxLength: 4 }), query(["limit", "cursor"]));
  await fuzz("unknown /api/v1 paths", path, async ([method, segments, q]) => {
    const url = `/api/v1/x-${segments.join("/")}${q === "?" ? "" : q}`;
    // A `..` segment can take the URL out of /api/v1 on the client already: not the API's to answer.
    if (!new URL(url, "http://x").pathname.startsWith("/api/v1/x-")) return "left /api/v1";
    const response = await api.request(method, url, method === "POST" ? { raw: "{}" } : {});
    expectWellFormed(response);
    if (response.status >= 300 && response.status < 400) return `status ${response.status}`;
    // A path whose percent-encoding does not decode is refused before routing (proxy.ts); any other is unknown.
    const type = (response.body as { type?: string }).type;
    expect(`${response.status} ${type}`).toBe(decodable(response.path) ? "404 urn:rolegate:problem:not-found" : "400 urn:rolegate:problem:invalid-request");
    return `status ${response.status}`;
  });
  await api.dispose();
});

function decodable(path: string): boolean {
  try {
    decodeURIComponent(new URL(path, "http://x").pathname);
    return true;
  } catch {
    return false;
  }
}
