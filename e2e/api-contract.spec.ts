import { randomUUID } from "node:crypto";
import http from "node:http";
import { compileErrors, validate } from "@readme/openapi-parser";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { OPERATIONS } from "../lib/api/operations";
import { apiClient, eventMark, expectProblem, expectStatus, fieldsOf, partnerApi, sandboxRole, unusedRoleArn, walk, type ApiResponse, type Connection, type Delivery, type Organization, type PartnerClient, type Webhook } from "./support/api-client";
import { newKey } from "./support/api-keys";
import { adminApi } from "./support/api-session";
import { deleteRole } from "./support/sandbox";
import { startReceiver } from "./support/webhook-receiver";
import { e2e, expect, test, unique } from "./fixtures";

// The OpenAPI document is what partners generate clients from: it must be valid, list exactly the
// operations the API serves, and describe every answer the API gives. A flow that calls every
// operation checks each answer (successes and problems) against the document with a JSON Schema
// validator; then malformed requests get the problems the document promises and change nothing.

type Doc = { openapi: string; servers: { url: string }[]; paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };

const BASE_ID = "https://rolegate.test/openapi.json";
let doc: Doc;
let ajv: Ajv2020;
let writer: PartnerClient;
let reader: PartnerClient;
let anonymous: PartnerClient;
let writeKey: string;

test.beforeAll(async () => {
  const admin = await adminApi();
  const [write, read] = await Promise.all([newKey(admin, "write", "contract"), newKey(admin, "read", "contract")]);
  await admin.dispose();
  writeKey = write.key;
  [writer, reader, anonymous] = await Promise.all([partnerApi(write.key), partnerApi(read.key), apiClient(null)]);
  const response = await anonymous.get<Doc>("/openapi.json");
  expectStatus(response, 200);
  doc = response.body;
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...structuredClone(doc), $id: BASE_ID });
});
test.afterAll(async () => Promise.all([writer?.dispose(), reader?.dispose(), anonymous?.dispose()]));

test("the OpenAPI document is valid 3.1 and lists exactly the API's operations", async () => {
  const result = await validate(structuredClone(doc) as never);
  expect(result.valid, result.valid ? "" : compileErrors(result)).toBe(true);
  expect(doc.openapi).toMatch(/^3\.1\./);
  expect(doc.servers[0]?.url).toBe(`${e2e.baseURL}/api/v1`);
  const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
  expect(documented.sort()).toEqual(OPERATIONS.map((op) => `${op.method} ${op.path}`).sort());
  for (const op of OPERATIONS) expect(doc.paths[op.path]?.[op.method.toLowerCase()]?.operationId).toBe(op.operationId);
});

/** A JSON pointer segment, URI-encoded for a `$ref` fragment. */
const pointer = (segment: string) => encodeURIComponent(segment.replace(/~/g, "~0").replace(/\//g, "~1"));

const routes = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => ({ path, method, regex: new RegExp(`^/api/v1${path.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+")}$`) })),
  );

/** Checks answers against the document: what each one broke, and which operation answered what. */
function contractChecker() {
  const broken: string[] = [];
  const seen = new Set<string>();
  const known = routes();
  const validator = (ref: string) => {
    const validate = ajv.getSchema(ref);
    if (!validate) throw new Error(`no schema at ${ref}`);
    return validate;
  };
  const check = (r: ApiResponse) => {
    const pathname = new URL(r.path, e2e.baseURL).pathname;
    const where = `${r.method} ${r.path.slice(0, 120)} → ${r.status}`;
    const contentType = r.headers["content-type"] ?? "";
    const route = known.find((k) => k.method === r.method.toLowerCase() && k.regex.test(pathname));
    if (!route) {
      // Not an operation (the catch-all): still a problem in the document's shape.
      const problem = validator(`${BASE_ID}#/components/schemas/Problem`);
      if (!contentType.startsWith("application/problem+json") || !problem(r.body)) broken.push(`${where}: not a Problem: ${r.text.slice(0, 200)}`);
      return;
    }
    const operation = doc.paths[route.path]![route.method]!;
    const response = operation.responses[String(r.status)];
    // Answers about a key's data are never cached on the way; each carries an id to quote to support.
    if (route.path !== "/openapi.json") {
      if (!/no-store/.test(r.headers["cache-control"] ?? "")) broken.push(`${where}: Cache-Control ${r.headers["cache-control"]}`);
      if (!/^[0-9a-f-]{36}$/.test(r.headers["x-request-id"] ?? "")) broken.push(`${where}: X-Request-Id ${r.headers["x-request-id"]}`);
    }
    seen.add(`${operation.operationId} ${r.status}`);
    if (!response) return void broken.push(`${where}: ${operation.operationId} does not document ${r.status}: ${r.text.slice(0, 200)}`);
    if (r.status === 204) return void (r.text === "" || broken.push(`${where}: a 204 with a body`));
    const entries = Object.entries(response.content ?? {});
    if (entries.length === 0) return; // documented without a schema (the document itself)
    const [type] = entries[0]!;
    if (!contentType.startsWith(type)) broken.push(`${where}: Content-Type ${contentType}, documented ${type}`);
    const ref = `${BASE_ID}#/paths/${pointer(route.path)}/${route.method}/responses/${r.status}/content/${pointer(type)}/schema`;
    const validate = validator(ref);
    if (!validate(r.body)) broken.push(`${where}: ${ajv.errorsText(validate.errors)} in ${r.text.slice(0, 300)}`);
  };
  return { broken, seen, check };
}

test("every answer in a flow through every operation matches the document", async () => {
  test.setTimeout(150_000);
  const contract = contractChecker();
  for (const client of [writer, reader, anonymous]) client.observe(contract.check);
  const missing = randomUUID();

  await anonymous.get("/openapi.json");
  await anonymous.get("/organizations");
  const mark = await eventMark(writer);

  const org = (await writer.post<Organization>("/organizations", { name: unique("Contract") })).body;
  await writer.post("/organizations", { name: "" });
  await reader.post("/organizations", { name: unique("Contract read") });
  const first = await reader.get<{ nextCursor: string | null }>("/organizations?limit=1");
  await reader.get(`/organizations?limit=1&cursor=${first.body.nextCursor}`);
  await reader.get("/organizations?cursor=garbage");
  await reader.get(`/organizations/${org.id}`);
  await reader.get(`/organizations/${missing}`);
  await reader.get(`/organizations/${org.id}/launch?region=eu-west-1`);
  await reader.get(`/organizations/${org.id}/launch?region=mars-1`);
  await reader.get(`/organizations/${missing}/launch`);

  await writer.post(`/organizations/${org.id}/invites`, { email: `${unique("contract")}@customer.test` });
  await writer.post(`/organizations/${org.id}/invites`, { email: "not an e-mail" });
  await writer.post(`/organizations/${missing}/invites`, { email: "someone@customer.test" });

  const roleArn = await sandboxRole(org.externalId, "Contract");
  const connection = (await writer.post<Connection>(`/organizations/${org.id}/connections`, { roleArn })).body;
  await writer.post(`/organizations/${org.id}/connections`, { roleArn });
  await writer.post(`/organizations/${org.id}/connections`, { roleArn: "arn:aws:iam::1:role/x" });
  await writer.post(`/organizations/${missing}/connections`, { roleArn: unusedRoleArn() });
  await reader.get(`/connections?organizationId=${org.id}&status=pending&limit=1`);
  await reader.get(`/connections?accountId=${connection.accountId}`);
  await reader.get("/connections?status=happy");
  await reader.get(`/connections/${connection.id}`);
  await reader.get(`/connections/${missing}`);

  // A verification that passes, then one that fails (the role is gone), with its failure.
  expectStatus(await writer.post(`/connections/${connection.id}/verify`), 200);
  await deleteRole(roleArn);
  const failed = await writer.post<{ verification: { status: string; failure: unknown } }>(`/connections/${connection.id}/verify`);
  expect(failed.body.verification.status).toBe("failed");
  expect(failed.body.verification.failure).not.toBeNull();
  await writer.post(`/connections/${missing}/verify`);
  await reader.post(`/connections/${connection.id}/verify`);

  const inbox = await startReceiver();
  const webhook = (await writer.post<Webhook>("/webhooks", { url: inbox.url, events: ["*"], description: "Contract test" })).body;
  await writer.post("/webhooks", { url: "ftp://example.com", events: ["*"] });
  await reader.get("/webhooks");
  await reader.get(`/webhooks/${webhook.id}`);
  await reader.get(`/webhooks/${missing}`);
  await writer.delete(`/connections/${connection.id}`);
  await writer.delete(`/connections/${missing}`);
  await inbox.waitFor(() => true);
  let delivery: Delivery | undefined;
  await expect.poll(async () => (delivery = (await reader.get<{ data: Delivery[] }>(`/webhooks/${webhook.id}/deliveries?limit=5`)).body.data.find((d) => d.status === "succeeded"))).toBeTruthy();
  await reader.get(`/webhooks/${webhook.id}/deliveries?limit=500`);
  await writer.post(`/webhooks/${webhook.id}/deliveries/${delivery!.id}/retry`);
  await writer.post(`/webhooks/${webhook.id}/deliveries/${missing}/retry`);
  await reader.get(`/events?after=${mark}&limit=3`);
  await reader.get("/events?type=connection.verified&limit=2");
  await reader.get(`/events?after=${missing}`);
  await writer.delete(`/webhooks/${webhook.id}`);
  await writer.delete(`/webhooks/${webhook.id}`);
  await inbox.close();

  const key = randomUUID();
  await writer.post("/organizations", { name: unique("Contract idem") }, { "Idempotency-Key": key });
  await writer.post("/organizations", { name: unique("Contract idem 2") }, { "Idempotency-Key": key });
  await writer.request("POST", "/organizations", { raw: "{", contentType: "application/json" });
  await writer.request("POST", "/organizations", { raw: "{}", contentType: "text/plain" });
  await writer.request("POST", "/organizations", { raw: JSON.stringify({ name: "x".repeat(70_000) }) });

  expect(contract.broken, "answers that do not match the document").toEqual([]);
  // The checker itself fails on a wrong answer: a tampered organisation, an undocumented status, a problem sent as JSON, a cacheable answer.
  const probe = contractChecker();
  const json = { "content-type": "application/json", "cache-control": "no-store", "x-request-id": randomUUID() };
  probe.check({ method: "GET", path: `/api/v1/organizations/${org.id}`, status: 200, headers: json, text: "{}", body: { ...org, externalId: 7 } });
  probe.check({ method: "GET", path: `/api/v1/organizations/${org.id}`, status: 200, headers: json, text: "{}", body: { ...org, secret: "x" } });
  probe.check({ method: "GET", path: "/api/v1/organizations", status: 418, headers: json, text: "{}", body: {} });
  probe.check({ method: "GET", path: `/api/v1/organizations/${missing}`, status: 404, headers: json, text: "{}", body: { type: "x", title: "x", status: 404, detail: "x" } });
  probe.check({ method: "GET", path: `/api/v1/organizations/${org.id}`, status: 200, headers: { ...json, "cache-control": "public, max-age=60" }, text: "{}", body: org });
  expect(probe.broken).toHaveLength(5);
  const successes = OPERATIONS.map((op) => `${op.operationId} ${op.success.status}`);
  expect(successes.filter((s) => !contract.seen.has(s)), "operations the flow did not see succeed").toEqual([]);
  expect([...contract.seen].filter((s) => / (401|403|404|409|413|415|422)$/.test(s)).length).toBeGreaterThan(10);
});

/** Sends a chunked POST of `bytes` bytes with no Content-Length, as a streaming client would. */
function chunkedPost(path: string, key: string, bytes: number): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${e2e.baseURL}/api/v1${path}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "transfer-encoding": "chunked" } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (c: Buffer) => chunks.push(c));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, type: String(response.headers["content-type"]), body: Buffer.concat(chunks).toString() }));
    });
    request.on("error", reject);
    request.write(`{"name":"${"a".repeat(100)}","pad":"`);
    for (let sent = 0; sent < bytes; sent += 8192) request.write("b".repeat(8192));
    request.end(`"}`);
  });
}

test("malformed requests get the problem the document promises, and change nothing", async () => {
  const forged = unique("Malformed");
  const names = async () => (await walk<Organization>(reader, "/organizations", { limit: "200" })).map((o) => `${o.id} ${o.name}`);
  const before = await names();
  const post = (raw: string | Buffer, contentType?: string, headers: Record<string, string> = {}) => writer.request("POST", "/organizations", { raw, headers, ...(contentType ? { contentType } : {}) });

  expectProblem(await post(`{"name": "${forged}"`), 400, "invalid-json");
  expectProblem(await post(Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])), 400, "invalid-json");
  expectProblem(await post(JSON.stringify({ name: forged }), "text/plain"), 415, "unsupported-media-type");
  expectProblem(await post(JSON.stringify({ name: forged }), "application/x-www-form-urlencoded"), 415, "unsupported-media-type");
  expectProblem(await post(JSON.stringify({ name: forged, pad: "x".repeat(64 * 1024) })), 413, "payload-too-large");
  const chunked = await chunkedPost("/organizations", writeKey, 100 * 1024);
  expect(chunked.status, chunked.body.slice(0, 200)).toBe(413);
  expect(chunked.type).toMatch(/^application\/problem\+json/);
  const evil = expectProblem(await writer.post("/organizations", { name: forged, evil: 1 }), 400, "validation-error");
  expect(fieldsOf(evil)).toContain("evil");
  expect(evil.detail).toContain("evil");
  expect(fieldsOf(expectProblem(await writer.post("/organizations", [forged]), 400, "validation-error"))).toEqual(["(body)"]);
  expect(fieldsOf(expectProblem(await writer.post("/organizations", { name: 42 }), 400, "validation-error"))).toEqual(["name"]);
  for (const key of ["k".repeat(256), "two words"]) {
    expect(fieldsOf(expectProblem(await writer.post("/organizations", { name: forged }, { "Idempotency-Key": key }), 400, "validation-error"))).toEqual(["Idempotency-Key"]);
  }

  for (const path of ["/organizations/not-a-uuid", "/connections/123", "/webhooks/..%2F..%2Fetc", `/organizations/${randomUUID()}x`]) expectProblem(await reader.get(path), 404, "not-found");
  expectProblem(await writer.post("/organizations/not-a-uuid/connections", { roleArn: unusedRoleArn() }), 404, "not-found");
  expectProblem(await writer.post("/organizations/not-a-uuid/invites", { email: "a@b.test" }), 404, "not-found");

  expect(fieldsOf(expectProblem(await reader.get("/organizations?limit=1&limit=2"), 400, "validation-error"))).toEqual(["limit"]);
  expect(fieldsOf(expectProblem(await reader.get("/connections?status=verified&status=failed"), 400, "validation-error"))).toEqual(["status"]);
  for (const limit of ["201", "0", "-1", "1.5", "abc", ""]) expect(fieldsOf(expectProblem(await reader.get(`/organizations?limit=${limit}`), 400, "validation-error")), `limit=${limit}`).toEqual(["limit"]);
  expect(fieldsOf(expectProblem(await reader.get("/events?limit=501"), 400, "validation-error"))).toEqual(["limit"]);
  expect(fieldsOf(expectProblem(await reader.get("/organizations?sort=name"), 400, "validation-error"))).toEqual(["sort"]);
  expect(fieldsOf(expectProblem(await reader.get("/connections?accountId=12"), 400, "validation-error"))).toEqual(["accountId"]);

  const after = await names();
  expect(before.filter((n) => !after.includes(n)), "existing organisations unchanged").toEqual([]);
  expect(after.filter((n) => n.includes(forged)), "nothing created").toEqual([]);
});

test("query parameters refused after parsing (an unknown event id, a forged cursor) are named as query parameters", async () => {
  const webhook = await writer.post<Webhook>("/webhooks", { url: `http://127.0.0.1:9/${unique("contract-cursor")}`, events: ["job.completed"] });
  expectStatus(webhook, 201);
  const cases = [
    [`/events?after=${randomUUID()}`, "after"],
    ["/organizations?cursor=garbage", "cursor"],
    [`/connections?cursor=${Buffer.from('["x","y"]').toString("base64url")}`, "cursor"],
    [`/webhooks/${webhook.body.id}/deliveries?cursor=garbage`, "cursor"],
  ] as const;
  const where: string[] = [];
  for (const [path, field] of cases) {
    const problem = expectProblem(await reader.get(path), 400, "validation-error");
    expect(problem.errors?.map((e) => e.field), path).toEqual([field]);
    where.push(`${path.split("?")[0]} ${field}: ${problem.errors?.[0]?.in}`);
  }
  await writer.delete(`/webhooks/${webhook.body.id}`);
  expect(where).toEqual(cases.map(([path, field]) => `${path.split("?")[0]} ${field}: query`));
});
