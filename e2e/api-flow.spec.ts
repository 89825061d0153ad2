import { randomUUID } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { CHECK_IDS } from "../lib/aws/checks";
import { eventMark, eventsAbout, expectProblem, expectStatus, fieldsOf, partnerApi, sandboxRole, unusedRoleArn, walk, type Connection, type Organization, type PartnerClient } from "./support/api-client";
import { actionByKey, callAction, formData, formResult } from "./support/actions";
import { adminApi, anonymousApi } from "./support/api-session";
import { newKey } from "./support/api-keys";
import { visibleText } from "./support/observe";
import { join } from "./support/tenants";
import { ADMIN_REAUTH, e2e, expect, test, unique } from "./fixtures";

// A partner's backend drives the whole onboarding through the API, with a write key, against the
// sandbox: organisation, invite, role ARN, live verification, disconnection, and the event log
// that tells it all in order. Then what a careful client relies on: cursors that neither skip nor
// repeat while rows are added, the insecure role refused, and Idempotency-Key making a retried
// POST safe.

type Verify = { verification: { status: string; checks: { id: string; state: string }[] }; connection: Connection };

let api: PartnerClient;

test.beforeAll(async () => {
  const admin = await adminApi();
  api = await partnerApi((await newKey(admin, "write", "flow")).key);
  await admin.dispose();
});
test.afterAll(async () => api?.dispose());

test("a partner's backend connects a customer's account and hears every step in the event log", async () => {
  test.setTimeout(120_000);
  const mark = await eventMark(api);
  const name = unique("Api Flow");
  const created = await api.post<Organization>("/organizations", { name });
  expectStatus(created, 201);
  const org = created.body;
  expect(org).toMatchObject({ name, id: expect.stringMatching(/^[0-9a-f-]{36}$/), externalId: expect.any(String) });
  expect(org.externalId.length).toBeGreaterThanOrEqual(22); // ≥ 128 bits, however it is encoded
  expect((await api.get<Organization>(`/organizations/${org.id}`)).body).toEqual(org);

  // The invite link works: its page greets the invitee, and accepting it makes a member.
  const email = `${unique("flow")}@customer.test`;
  const invite = await api.post<{ id: string; email: string; url: string; expiresAt: string }>(`/organizations/${org.id}/invites`, { email });
  expectStatus(invite, 201);
  expect(invite.body.url).toMatch(new RegExp(`^${e2e.baseURL}/invite/[^/]+$`));
  const days = (Date.parse(invite.body.expiresAt) - Date.now()) / 86_400_000;
  expect(days > 6.9 && days <= 7).toBe(true);
  const visitor = await anonymousApi();
  const page = await visitor.get(invite.body.url);
  expect(page.status()).toBe(200);
  const text = visibleText(await page.text());
  expect(text).toContain(`Join ${name} on Rolegate`);
  expect(text).toContain(email);
  await visitor.dispose();
  const member = await join(invite.body.url.split("/").pop()!, email, unique("Flow Member"));

  // The role the customer's stack creates: it trusts the partner with this organisation's External ID.
  const roleArn = await sandboxRole(org.externalId, "ApiFlow");
  const added = await api.post<Connection>(`/organizations/${org.id}/connections`, { roleArn });
  expectStatus(added, 201);
  const connection = added.body;
  expect(connection).toMatchObject({ organizationId: org.id, roleArn, status: "pending", externalId: org.externalId, accountId: roleArn.split(":")[4], partition: "aws", lastVerifiedAt: null });

  const duplicate = expectProblem(await api.post(`/organizations/${org.id}/connections`, { roleArn }), 409, "conflict");
  expect(duplicate.detail).toMatch(/already connected/);

  // Every kind of wrong ARN: a 400 naming roleArn, with the message the customer's form gives.
  await expectFormMessages(org.id, member, ["not an arn", "arn:aws:iam::12345:role/Short", "arn:aws:iam::123456789012:user/bob", "arn:aws:s3:::bucket", "123456789012", "", ` ${roleArn}x y`]);
  await member.dispose();

  const verified = await api.post<Verify>(`/connections/${connection.id}/verify`);
  expectStatus(verified, 200);
  expect(verified.body.verification.status).toBe("verified");
  expect(verified.body.verification.checks.map((c) => [c.id, c.state])).toEqual(CHECK_IDS.map((id) => [id, "passed"]));
  expect(verified.body.connection).toMatchObject({ id: connection.id, status: "verified", lastFailure: null });

  // A second check that finds the same: no second event (events announce changes of status).
  const again = await api.post<Verify>(`/connections/${connection.id}/verify`);
  expect(again.body.verification.status).toBe("verified");

  const fetched = await api.get<Connection>(`/connections/${connection.id}`);
  expect(fetched.body).toMatchObject({ id: connection.id, status: "verified", externalId: org.externalId, roleArn });
  expect(fetched.body.lastVerifiedAt).not.toBeNull();

  const listed = await walk<Connection>(api, "/connections", { organizationId: org.id, status: "verified" });
  expect(listed.map((c) => c.id)).toEqual([connection.id]);
  expect(await walk<Connection>(api, "/connections", { organizationId: org.id, status: "pending" })).toEqual([]);

  const removed = await api.delete<Connection>(`/connections/${connection.id}`);
  expectStatus(removed, 200);
  expect(removed.body.status).toBe("disconnected");
  const removedAgain = await api.delete<Connection>(`/connections/${connection.id}`);
  expectStatus(removedAgain, 200);
  expect(removedAgain.body).toEqual(removed.body);
  // A removed connection is not checked any more.
  expect(expectProblem(await api.post(`/connections/${connection.id}/verify`), 409, "conflict").detail).toMatch(/removed/);

  const expected = ["organization.created", "connection.created", "connection.verified", "connection.disconnected"];
  const events = await eventsAbout(api, mark, [org.id, connection.id], (e) => e.length >= expected.length);
  // A moment more: a duplicate or late event would show up here.
  await new Promise((r) => setTimeout(r, 1_000));
  const settled = await eventsAbout(api, mark, [org.id, connection.id], () => true);
  expect(settled.map((e) => e.type)).toEqual(expected);
  expect(settled.map((e) => e.id)).toEqual(events.map((e) => e.id));
  expect(settled[0]!.data).toEqual(org);
  expect(settled.slice(1).map((e) => e.data.status)).toEqual(["pending", "verified", "disconnected"]);
  expect(new Set(settled.map((e) => e.id)).size).toBe(settled.length);

  // Added again after its removal: the same connection, pending and unchecked, announced again.
  const readded = await api.post<Connection>(`/organizations/${org.id}/connections`, { roleArn });
  expectStatus(readded, 201);
  expect(readded.body).toMatchObject({ id: connection.id, status: "pending", lastVerifiedAt: null, lastCheckedAt: null, lastFailure: null });
  const more = await eventsAbout(api, settled.at(-1)!.id, [connection.id], (e) => e.length >= 1);
  expect(more.map((e) => e.type)).toEqual(["connection.created"]);
});

/** Each wrong ARN gets a 400 naming `roleArn`, with the very message the customer's form shows for it. */
async function expectFormMessages(organizationId: string, member: APIRequestContext, wrong: string[]): Promise<void> {
  const addConnection = actionByKey("lib/actions/connections/add-connection.ts#addConnectionAction");
  for (const bad of wrong) {
    const label = `${bad.slice(0, 50)}… (${bad.length} characters)`;
    const problem = expectProblem(await api.post(`/organizations/${organizationId}/connections`, { roleArn: bad }), 400, "validation-error");
    expect(fieldsOf(problem), label).toEqual(["roleArn"]);
    const form = formResult(await callAction(member, addConnection, "/onboarding", [{}, formData({ roleArn: bad })]));
    expect(form.ok, label).toBe(false);
    expect(problem.errors![0]!.detail, `the API and the form on ${label}`).toBe(form.fieldErrors?.roleArn?.[0]);
  }
}

test("role ARNs too long for STS get the customer form's message too", async () => {
  const org = (await api.post<Organization>("/organizations", { name: unique("Api Long Arn") })).body;
  const email = `${unique("long")}@customer.test`;
  const invite = await api.post<{ url: string }>(`/organizations/${org.id}/invites`, { email });
  const member = await join(invite.body.url.split("/").pop()!, email, unique("Long Member"));
  const name = "x".repeat(2100);
  await expectFormMessages(org.id, member, [`arn:aws:iam::123456789012:role/${name}`, `arn:aws:iam::123456789012:role/${"y".repeat(3000)}`]);
  await member.dispose();
  expect(await walk<Connection>(api, "/connections", { organizationId: org.id })).toEqual([]);
});

test("after an External ID rotation each connection still gives the External ID it verifies with", async () => {
  test.setTimeout(90_000);
  const mark = await eventMark(api);
  const org = (await api.post<Organization>("/organizations", { name: unique("Api Rotation") })).body;
  const before = (await api.post<Connection>(`/organizations/${org.id}/connections`, { roleArn: await sandboxRole(org.externalId, "Rotation") })).body;
  expect((await api.post<Verify>(`/connections/${before.id}/verify`)).body.connection.status).toBe("verified");

  const admin = await adminApi();
  const rotate = actionByKey("lib/actions/admin/rotate-external-id.ts#rotateExternalIdAction");
  expect(formResult(await callAction(admin, rotate, `/admin/organizations/${org.id}`, [{}, formData({ organizationId: org.id, ...ADMIN_REAUTH })])).ok).toBe(true);
  await admin.dispose();

  const rotated = (await api.get<Organization>(`/organizations/${org.id}`)).body;
  expect(rotated.externalId).not.toBe(org.externalId);
  // The existing role still trusts the old one: that is what the partner's backend must send.
  expect((await api.get<Connection>(`/connections/${before.id}`)).body.externalId).toBe(org.externalId);
  expect((await api.post<Verify>(`/connections/${before.id}/verify`)).body.verification.status).toBe("verified");
  const after = (await api.post<Connection>(`/organizations/${org.id}/connections`, { roleArn: await sandboxRole(rotated.externalId, "Rotated") })).body;
  expect(after.externalId).toBe(rotated.externalId);
  expect((await api.post<Verify>(`/connections/${after.id}/verify`)).body.verification.status).toBe("verified");

  const events = await eventsAbout(api, mark, [org.id], (e) => e.some((x) => x.type === "organization.external_id_rotated"));
  expect(events.map((e) => e.type)).toEqual(["organization.created", "organization.external_id_rotated"]);
  expect(events[1]!.data).toEqual(rotated);
});

test("walking nextCursor with limit=2 yields every row once while rows are being added", async () => {
  test.setTimeout(60_000);
  const org = (await api.post<Organization>("/organizations", { name: unique("Api Pages") })).body;
  const add = async () => {
    const r = await api.post<Connection>(`/organizations/${org.id}/connections`, { roleArn: unusedRoleArn("Pages") });
    expectStatus(r, 201);
    return r.body.id;
  };
  const initial: string[] = [];
  for (let i = 0; i < 5; i++) initial.push(await add());
  const addedMeanwhile: string[] = [];
  const rows = await walk<Connection>(api, "/connections", { organizationId: org.id, status: "pending", limit: "2" }, async () => {
    if (addedMeanwhile.length < 3) addedMeanwhile.push(await add());
  });
  const ids = rows.map((r) => r.id);
  expect(new Set(ids).size, "no row twice").toBe(ids.length);
  expect(ids, "every row, oldest first, new ones at the end").toEqual([...initial, ...addedMeanwhile]);
  expect(rows.every((r) => r.organizationId === org.id && r.status === "pending")).toBe(true);

  // The same walk over every organisation's connections holds ours in the same order.
  const all = (await walk<Connection>(api, "/connections", { limit: "200" })).map((r) => r.id);
  expect(new Set(all).size).toBe(all.length);
  expect(all.filter((id) => ids.includes(id))).toEqual(ids);
});

test("a role that trusts the partner without the External ID is insecure, and the event says so", async () => {
  test.setTimeout(120_000);
  const mark = await eventMark(api);
  const org = (await api.post<Organization>("/organizations", { name: unique("Api Insecure") })).body;
  const connection = (await api.post<Connection>(`/organizations/${org.id}/connections`, { roleArn: await sandboxRole(null, "Open") })).body;
  const result = await api.post<Verify>(`/connections/${connection.id}/verify`);
  expectStatus(result, 200);
  expect(result.body.verification.status).toBe("insecure");
  expect(result.body.connection.status).toBe("insecure");
  expect(result.body.verification.checks.find((c) => c.id === "no-external-id-denied")?.state).toBe("failed");
  expect((await api.get<Connection>(`/connections/${connection.id}`)).body.status).toBe("insecure");
  const events = await eventsAbout(api, mark, [connection.id], (e) => e.some((x) => x.type === "connection.insecure"));
  expect(events.map((e) => e.type)).toEqual(["connection.created", "connection.insecure"]);
  expect(await walk<Connection>(api, "/connections", { organizationId: org.id, status: "verified" })).toEqual([]);
});

test("a POST retried with the same Idempotency-Key gets the first answer and creates nothing twice", async () => {
  const key = randomUUID();
  const name = unique("Api Idempotent");
  const first = await api.post<Organization>("/organizations", { name }, { "Idempotency-Key": key });
  expectStatus(first, 201);
  expect(first.headers["idempotent-replayed"]).toBeUndefined();
  const second = await api.post<Organization>("/organizations", { name }, { "Idempotency-Key": key });
  expectStatus(second, 201);
  expect(second.headers["idempotent-replayed"]).toBe("true");
  expect(second.body).toEqual(first.body);
  expect(second.headers["content-type"]).toMatch(/^application\/json/);

  const other = unique("Api Idempotent other");
  expectProblem(await api.post("/organizations", { name: other }, { "Idempotency-Key": key }), 422, "idempotency-key-reused");
  // The same key on another route is another request too.
  expectProblem(await api.post("/webhooks", { url: "http://127.0.0.1:9/idem", events: ["*"] }, { "Idempotency-Key": key }), 422, "idempotency-key-reused");

  // Keys are per API key: another key sending the same one gets its own answer, never this one's.
  const admin = await adminApi();
  const otherApi = await partnerApi((await newKey(admin, "write", "flow-other")).key);
  await admin.dispose();
  const elsewhere = await otherApi.post<Organization>("/organizations", { name }, { "Idempotency-Key": key });
  await otherApi.dispose();
  expectStatus(elsewhere, 201);
  expect(elsewhere.headers["idempotent-replayed"]).toBeUndefined();
  expect(elsewhere.body.id).not.toBe(first.body.id);

  const orgs = await walk<Organization>(api, "/organizations", { limit: "200" });
  expect(orgs.filter((o) => o.name === name).map((o) => o.id)).toEqual([first.body.id, elsewhere.body.id]);
  expect(orgs.filter((o) => o.name === other)).toEqual([]);
  expect((await api.get<{ data: { url: string }[] }>("/webhooks")).body.data.filter((w) => w.url === "http://127.0.0.1:9/idem")).toEqual([]);
});

test("concurrent retries with one Idempotency-Key create one organisation", async () => {
  const key = randomUUID();
  const name = unique("Api Concurrent");
  const answers = await Promise.all(Array.from({ length: 6 }, () => api.post<Organization>("/organizations", { name }, { "Idempotency-Key": key })));
  const created = answers.filter((a) => a.status === 201);
  expect(created.length).toBeGreaterThanOrEqual(1);
  expect(new Set(created.map((a) => a.body.id)).size, "every 201 is the same organisation").toBe(1);
  for (const busy of answers.filter((a) => a.status !== 201)) {
    expectProblem(busy, 409, "idempotency-key-in-use");
    expect(busy.headers["retry-after"]).toBe("1");
  }
  const orgs = await walk<Organization>(api, "/organizations", { limit: "200" });
  expect(orgs.filter((o) => o.name === name)).toHaveLength(1);
});
