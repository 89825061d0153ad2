import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseRoleArn } from "@/lib/aws/arn";
import { verifyConnection } from "@/lib/aws/verify";
import { getDb } from "@/lib/db/client";
import { connections, events, registrationRequests, verifications } from "@/lib/db/schema";
import { listDeployments } from "@/lib/dal/deployments";
import { getOrganization } from "@/lib/dal/organizations";
import { registrationTokenFor, revokeRegistrationToken } from "@/lib/dal/registration-tokens";
import type { UserViewer } from "@/lib/dal/viewer";
import { startResponseOrigin } from "@/tests/support/cfn-responses";
import { newAdmin, newOrganization, setupDatabase } from "@/tests/support/db";
import { FakeProbes } from "@/tests/support/fake-probes";
import { awsError, FakeSts } from "@/tests/support/fake-sts";
import { accountId } from "@/tests/support/jobs";
import type { RegistrationCheck } from "./check";
import { receiveCustomResourceRequest } from "./custom-resource";
import { REASONS } from "./decide";
import { RegistrationWorker } from "./worker";

vi.hoisted(() => {
  process.env.AWS_MODE = "sandbox";
});

const REGION = "us-east-1";
const TOPIC = `arn:aws:sns:${REGION}:111122223333:rolegate-registration`;

let origin: Awaited<ReturnType<typeof startResponseOrigin>>;
let admin: UserViewer;
let org: string;
let externalId: string;
let token: string;
const workers: RegistrationWorker[] = [];
/** Roles that exist in the fake AWS, with the External ID their trust policy requires. */
const roles = new Map<string, string>();

/** Roles for which STS throttles this many more checks (AWS could not decide: not the customer's failure). */
const throttledChecks = new Map<string, number>();

// Live checks through the verification code, against a fake STS that knows `roles`.
const check: RegistrationCheck = async (input) => {
  const throttled = throttledChecks.get(input.role.arn) ?? 0;
  if (throttled > 0) {
    throttledChecks.set(input.role.arn, throttled - 1);
    const sts = new FakeSts(input.role, roles.get(input.role.arn) ?? "");
    for (let i = 0; i < 10; i++) sts.withExternalId.push(awsError("Throttling"));
    return verifyConnection({ role: input.role, externalId: input.externalId, connectionId: input.sessionId, sts, probes: new FakeProbes(sts), permissionSet: "s3-read-only", retryPropagation: false, sleep: async () => {} });
  }
  const sts = new FakeSts(input.role, roles.get(input.role.arn) ?? `not-${randomUUID()}`);
  return verifyConnection({
    role: input.role,
    externalId: input.externalId,
    connectionId: input.sessionId,
    sts,
    probes: new FakeProbes(sts),
    permissionSet: "s3-read-only",
    retryPropagation: false,
  });
};

beforeAll(async () => {
  origin = await startResponseOrigin();
  process.env.SANDBOX_PORT = new URL(origin.origin).port; // its origin is the sandbox's: the allowed one
  await setupDatabase();
  admin = await newAdmin();
  org = await newOrganization(admin);
  externalId = (await getOrganization(admin, org)).externalId;
  token = await registrationTokenFor(admin, org);
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});

afterAll(async () => {
  await origin.close();
});

function startWorker(settings: Partial<ConstructorParameters<typeof RegistrationWorker>[0]> = {}) {
  const w = new RegistrationWorker(
    { pollMs: 20, retryBaseMs: 20, ...settings },
    { check, target: () => ({ mode: "sandbox", sandboxUrl: origin.origin }) },
  ).start();
  workers.push(w);
  return w;
}

/** A role in a fresh customer account that trusts the partner with this External ID. */
function newRole(trusts = externalId, account = accountId()) {
  const arn = `arn:aws:iam::${account}:role/RolegateAccess`;
  roles.set(arn, trusts);
  return { arn, account };
}

type Props = { RoleArn?: string; AccountId?: string; ExternalId?: string; RegistrationToken?: string; DeploymentId?: string };

function request(type: "Create" | "Update" | "Delete", props: Props, extra: Record<string, unknown> = {}) {
  const stackAccount = props.AccountId ?? "123456789012";
  return {
    RequestType: type,
    ServiceToken: TOPIC,
    ResponseURL: origin.responseUrl(),
    StackId: `arn:aws:cloudformation:${REGION}:${stackAccount}:stack/RolegateAccess/${randomUUID()}`,
    RequestId: randomUUID(),
    LogicalResourceId: "Registration",
    ResourceType: "Custom::RolegateRegistration",
    ResourceProperties: { ServiceToken: TOPIC, Region: REGION, ...props },
    ...extra,
  };
}

function createFor(role: { arn: string; account: string }, overrides: Props = {}) {
  return request("Create", { RoleArn: role.arn, AccountId: role.account, ExternalId: externalId, RegistrationToken: token, ...overrides });
}

function receive(message: unknown, messageId: string = randomUUID()) {
  return receiveCustomResourceRequest({ messageId, topicArn: TOPIC, region: REGION, timestamp: new Date().toISOString(), message: JSON.stringify(message) });
}

async function answerTo(requestId: string) {
  await vi.waitFor(() => expect(origin.answersTo(requestId).length).toBeGreaterThan(0), { timeout: 15_000, interval: 20 });
  await vi.waitFor(async () => expect((await rowOf(requestId))?.status).not.toBe("pending"), { timeout: 5_000, interval: 20 });
  return origin.answersTo(requestId)[0]!;
}

async function rowOf(requestId: string) {
  const [row] = await getDb().select().from(registrationRequests).where(eq(registrationRequests.requestId, requestId));
  return row;
}

async function connectionsOf(roleArn: string) {
  return getDb().select().from(connections).where(eq(connections.roleArn, roleArn));
}

async function eventsOf(type: string, connectionId: string) {
  return getDb().select().from(events).where(and(eq(events.type, type), sql`${events.data}->>'id' = ${connectionId}`));
}

describe("receiving a custom-resource request", () => {
  it("refuses a ResponseURL outside CloudFormation's response endpoint, and stores nothing", async () => {
    const role = newRole();
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      `${origin.origin}/somewhere-else/key`,
      `http://127.0.0.2:${new URL(origin.origin).port}/cloudformation-custom-resource-response-useast1/key`,
      "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/key",
    ]) {
      const message = createFor(role);
      const result = await receive({ ...message, ResponseURL: url });
      expect(result).toMatchObject({ ok: false, status: 403 });
      expect(await rowOf(message.RequestId)).toBeUndefined();
    }
  });

  it("refuses what is not a CloudFormation request with a 400", async () => {
    expect(await receiveCustomResourceRequest({ messageId: randomUUID(), topicArn: TOPIC, region: REGION, timestamp: "", message: "not json" })).toMatchObject({ ok: false, status: 400 });
    const { RequestId: _missing, ...withoutRequestId } = createFor(newRole());
    expect(await receive(withoutRequestId)).toMatchObject({ ok: false, status: 400 });
    expect(await receive({ ...createFor(newRole()), ServiceToken: `${TOPIC}-other` })).toMatchObject({ ok: false, status: 400 });
    expect(await receive({ ...createFor(newRole()), RequestType: "Delete" })).toMatchObject({ ok: false, status: 400 }); // no PhysicalResourceId
  });

  it("never stores the registration token", async () => {
    const message = createFor(newRole());
    expect(await receive(message)).toEqual({ ok: true });
    const [dump] = await getDb().execute(sql`select count(*)::int as n from registration_requests where row_to_json(registration_requests)::text like ${`%${token}%`}`).then((r) => (Array.isArray(r) ? r : (r as { rows: { n: number }[] }).rows));
    expect(dump).toMatchObject({ n: 0 });
    expect((await rowOf(message.RequestId))?.tokenId).not.toBeNull();
  });
});

describe("processing a Create", () => {
  it("takes a live check's STS calls from the budget before it runs, and a Delete none", async () => {
    // Requests the tests above stored and left pending are not this worker's to count.
    await getDb().update(registrationRequests).set({ status: "failed" }).where(eq(registrationRequests.status, "pending"));
    const taken: number[] = [];
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let checks = 0;
    const w = new RegistrationWorker(
      { pollMs: 20, retryBaseMs: 20 },
      {
        check: (input) => ((checks += 1), check(input)),
        acquireSts: async (calls) => {
          taken.push(calls);
          await gate;
        },
        target: () => ({ mode: "sandbox", sandboxUrl: origin.origin }),
      },
    ).start();
    workers.push(w);
    const role = newRole();
    const message = createFor(role);
    expect(await receive(message)).toEqual({ ok: true });
    await vi.waitFor(() => expect(taken).toEqual([4]), { timeout: 5_000, interval: 20 });
    await new Promise((r) => setTimeout(r, 200));
    expect(checks).toBe(0);
    expect(origin.answersTo(message.RequestId)).toHaveLength(0);
    release();
    expect((await answerTo(message.RequestId)).body).toMatchObject({ Status: "SUCCESS" });
    expect(checks).toBe(1);
    const [connection] = await connectionsOf(role.arn);
    const deleted = request("Delete", { RoleArn: role.arn, AccountId: role.account, ExternalId: externalId, RegistrationToken: token }, { StackId: message.StackId, PhysicalResourceId: connection!.id });
    expect(await receive(deleted)).toEqual({ ok: true });
    expect((await answerTo(deleted.RequestId)).body).toMatchObject({ Status: "SUCCESS" });
    expect(taken).toEqual([4]);
  });

  it("registers and verifies the role, then answers SUCCESS with the connection id", async () => {
    const role = newRole();
    const message = createFor(role);
    startWorker();
    expect(await receive(message)).toEqual({ ok: true });
    const answer = await answerTo(message.RequestId);
    const [connection] = await connectionsOf(role.arn);
    expect(connection).toMatchObject({ organizationId: org, status: "verified", accountId: role.account, externalId });
    expect(answer.body).toEqual({
      Status: "SUCCESS",
      Reason: REASONS.connected,
      PhysicalResourceId: connection!.id,
      StackId: message.StackId,
      RequestId: message.RequestId,
      LogicalResourceId: "Registration",
      Data: { ConnectionId: connection!.id },
    });
    expect(answer.headers["content-type"]).toBe("");
    expect(answer.path).toBe(new URL(message.ResponseURL).pathname + new URL(message.ResponseURL).search);
    const history = await getDb().select().from(verifications).where(eq(verifications.connectionId, connection!.id));
    expect(history.map((h) => [h.trigger, h.status, h.actorUserId])).toEqual([["registration", "verified", null]]);
    expect(await eventsOf("connection.verified", connection!.id)).toHaveLength(1);
    expect(await rowOf(message.RequestId)).toMatchObject({ status: "answered", putAttempts: 1, connectionId: connection!.id });
  });

  it.each([
    ["a token that was never issued", () => ({ RegistrationToken: `rgr_${"A".repeat(43)}` }), REASONS.invalidLink],
    ["no token at all", () => ({ RegistrationToken: "" }), REASONS.invalidLink],
    ["the External ID of another organisation", async () => ({ ExternalId: (await getOrganization(admin, await newOrganization(admin))).externalId }), REASONS.externalId],
    ["a role in another account than the stack's", () => ({ AccountId: accountId() }), "is not in the account the stack runs in"],
    ["a RoleArn that is no role ARN", () => ({ RoleArn: "arn:aws:iam::123456789012:user/alice" }), REASONS.roleArn],
  ])("answers FAILED for %s and registers nothing", async (_what, overrides, reason) => {
    const role = newRole();
    const message = createFor(role, await overrides());
    startWorker();
    await receive(message);
    const answer = await answerTo(message.RequestId);
    expect(answer.body).toMatchObject({ Status: "FAILED", RequestId: message.RequestId });
    expect(answer.body.Reason).toContain(reason);
    expect(answer.body.Data).toBeUndefined();
    expect(await connectionsOf(role.arn)).toEqual([]);
  });

  it("answers FAILED for a revoked token, while the new one works", async () => {
    const other = await newOrganization(admin);
    const oldToken = await registrationTokenFor(admin, other);
    await revokeRegistrationToken(admin, other);
    const newToken = await registrationTokenFor(admin, other);
    expect(newToken).not.toBe(oldToken);
    const otherExternalId = (await getOrganization(admin, other)).externalId;
    const role = newRole(otherExternalId);
    const refused = createFor(role, { RegistrationToken: oldToken, ExternalId: otherExternalId });
    startWorker();
    await receive(refused);
    expect((await answerTo(refused.RequestId)).body).toMatchObject({ Status: "FAILED", Reason: REASONS.invalidLink });
    expect(await connectionsOf(role.arn)).toEqual([]);
    const accepted = createFor(role, { RegistrationToken: newToken, ExternalId: otherExternalId });
    await receive(accepted);
    expect((await answerTo(accepted.RequestId)).body).toMatchObject({ Status: "SUCCESS" });
    expect((await connectionsOf(role.arn)).map((c) => c.organizationId)).toEqual([other]);
  });

  it("answers FAILED with the customer-facing explanation when the role does not verify, and leaves no connection", async () => {
    const role = newRole("an-external-id-the-stack-did-not-get");
    const message = createFor(role);
    startWorker();
    await receive(message);
    const answer = await answerTo(message.RequestId);
    expect(answer.body).toMatchObject({ Status: "FAILED" });
    expect(answer.body.Reason).toMatch(/^AWS refused Rolegate access to the role\. .*The stack was created with a different External ID/);
    expect(answer.body.PhysicalResourceId).toMatch(/^rolegate-not-registered-/);
    expect(await connectionsOf(role.arn)).toEqual([]);
  });

  it("treats a replayed SNS message or a repeated stack request as the same request: one connection, one answer", async () => {
    const role = newRole();
    const message = createFor(role);
    const messageId = randomUUID();
    expect(await receive(message, messageId)).toEqual({ ok: true });
    expect(await receive(message, messageId)).toEqual({ ok: true });
    expect(await receive(message)).toEqual({ ok: true }); // another SNS message, same StackId and RequestId
    expect(await receive({ ...message, ResponseURL: origin.responseUrl() })).toEqual({ ok: true }); // cannot redirect the answer either
    startWorker();
    const answer = await answerTo(message.RequestId);
    await new Promise((r) => setTimeout(r, 200));
    expect(origin.answersTo(message.RequestId)).toEqual([answer]);
    expect(answer.path).toBe(new URL(message.ResponseURL).pathname + new URL(message.ResponseURL).search);
    expect(await connectionsOf(role.arn)).toHaveLength(1);
  });

  it("retries a PUT that fails, and records the answer once it is delivered", async () => {
    const role = newRole();
    const message = createFor(role);
    origin.script(message.ResponseURL, [500, 503]);
    startWorker();
    await receive(message);
    await vi.waitFor(async () => expect((await rowOf(message.RequestId))?.status).toBe("answered"), { timeout: 15_000, interval: 20 });
    const puts = origin.answersTo(message.RequestId);
    expect(puts).toHaveLength(3);
    for (const put of puts) expect(put.body).toEqual(puts[0]!.body); // the same answer every time
    expect(await rowOf(message.RequestId)).toMatchObject({ status: "answered", putAttempts: 3, lastStatusCode: 200, lastError: null });
    expect(await connectionsOf(role.arn)).toHaveLength(1);
  });

  it("takes a 403 after an attempt whose outcome was lost as delivered, and a 403 at the first attempt as final", async () => {
    const message = createFor(newRole());
    origin.script(message.ResponseURL, [403]);
    startWorker();
    await receive(message);
    await vi.waitFor(async () => expect((await rowOf(message.RequestId))?.status).toBe("failed"), { timeout: 15_000, interval: 20 });
    expect(await rowOf(message.RequestId)).toMatchObject({ putAttempts: 1, lastStatusCode: 403 });

    // An attempt that was sent (noted before the PUT) but whose outcome was never recorded: a crash.
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    const lost = createFor(newRole());
    await receive(lost);
    const row = await rowOf(lost.RequestId);
    const decided = { Status: "SUCCESS", Reason: "x", PhysicalResourceId: "p", StackId: lost.StackId, RequestId: lost.RequestId, LogicalResourceId: "Registration" };
    await getDb().update(registrationRequests).set({ putAttempts: 1, response: decided }).where(eq(registrationRequests.id, row!.id));
    origin.script(lost.ResponseURL, [403]);
    startWorker();
    await vi.waitFor(async () => expect((await rowOf(lost.RequestId))?.status).toBe("answered"), { timeout: 15_000, interval: 20 });
    expect(await rowOf(lost.RequestId)).toMatchObject({ putAttempts: 2, lastStatusCode: 403 });
  });
});

describe("when AWS cannot decide", () => {
  it("tries again later rather than failing the stack, and answers once the check goes through", async () => {
    const role = newRole();
    throttledChecks.set(role.arn, 2);
    const message = createFor(role);
    startWorker();
    await receive(message);
    const answer = await answerTo(message.RequestId);
    expect(answer.body).toMatchObject({ Status: "SUCCESS" });
    expect(await rowOf(message.RequestId)).toMatchObject({ status: "answered", attempts: 3, putAttempts: 1 });
    expect((await connectionsOf(role.arn)).map((c) => c.status)).toEqual(["verified"]);
  });

  it("answers FAILED with the explanation once the retry window has passed, registering nothing", async () => {
    const role = newRole();
    throttledChecks.set(role.arn, 1);
    const message = createFor(role);
    startWorker({ decideWindowMs: 0 });
    await receive(message);
    const answer = await answerTo(message.RequestId);
    expect(answer.body).toMatchObject({ Status: "FAILED" });
    expect(answer.body.Reason).toMatch(/^AWS is limiting requests right now\. /);
    expect(await connectionsOf(role.arn)).toEqual([]);
  });
});

describe("several workers on one database", () => {
  it("answer each request once", async () => {
    startWorker();
    startWorker();
    startWorker();
    const messages = Array.from({ length: 6 }, () => createFor(newRole()));
    await Promise.all(messages.map((m) => receive(m)));
    for (const m of messages) await answerTo(m.RequestId);
    await new Promise((r) => setTimeout(r, 200));
    for (const m of messages) expect(origin.answersTo(m.RequestId)).toHaveLength(1);
    for (const m of messages) expect(await connectionsOf(m.ResourceProperties.RoleArn!)).toHaveLength(1);
  });
});

describe("processing a Delete", () => {
  it("disconnects the connection the stack registered, announces it, and answers SUCCESS", async () => {
    const role = newRole();
    const create = createFor(role);
    startWorker();
    await receive(create);
    const connectionId = (await answerTo(create.RequestId)).body.PhysicalResourceId as string;
    const del = request("Delete", create.ResourceProperties, { StackId: create.StackId, PhysicalResourceId: connectionId });
    await receive(del);
    expect((await answerTo(del.RequestId)).body).toMatchObject({ Status: "SUCCESS", PhysicalResourceId: connectionId, StackId: create.StackId });
    expect((await connectionsOf(role.arn))[0]).toMatchObject({ id: connectionId, status: "disconnected" });
    expect(await eventsOf("connection.disconnected", connectionId)).toHaveLength(1);
  });

  it("answers SUCCESS and changes nothing for an unknown physical id, a failed Create's, or another stack's connection", async () => {
    const role = newRole();
    const create = createFor(role);
    startWorker();
    await receive(create);
    const connectionId = (await answerTo(create.RequestId)).body.PhysicalResourceId as string;
    const props = create.ResourceProperties;
    for (const extra of [
      { StackId: create.StackId, PhysicalResourceId: randomUUID() },
      { StackId: create.StackId, PhysicalResourceId: "rolegate-not-registered-0" },
      { PhysicalResourceId: connectionId }, // another stack of the same customer names it
      { StackId: create.StackId, PhysicalResourceId: connectionId, ResourceProperties: { ...props, RegistrationToken: `rgr_${"B".repeat(43)}` } },
    ]) {
      const del = request("Delete", props, extra);
      await receive(del);
      expect((await answerTo(del.RequestId)).body).toMatchObject({ Status: "SUCCESS", PhysicalResourceId: extra.PhysicalResourceId });
    }
    expect((await connectionsOf(role.arn))[0]).toMatchObject({ id: connectionId, status: "verified" });
    expect(await eventsOf("connection.disconnected", connectionId)).toEqual([]);
  });
});

describe("processing an Update", () => {
  it("re-verifies the same role and registers a new one when the RoleArn changed", async () => {
    const role = newRole();
    const create = createFor(role);
    startWorker();
    await receive(create);
    const connectionId = (await answerTo(create.RequestId)).body.PhysicalResourceId as string;
    const same = request("Update", create.ResourceProperties, { StackId: create.StackId, PhysicalResourceId: connectionId, OldResourceProperties: create.ResourceProperties });
    await receive(same);
    expect((await answerTo(same.RequestId)).body).toMatchObject({ Status: "SUCCESS", PhysicalResourceId: connectionId });
    expect(await getDb().select().from(verifications).where(eq(verifications.connectionId, connectionId))).toHaveLength(2);

    const renamed = { arn: role.arn.replace("RolegateAccess", "RolegateAccess2"), account: role.account };
    roles.set(renamed.arn, externalId);
    const moved = request("Update", { ...create.ResourceProperties, RoleArn: renamed.arn }, { StackId: create.StackId, PhysicalResourceId: connectionId, OldResourceProperties: create.ResourceProperties });
    await receive(moved);
    const answer = await answerTo(moved.RequestId);
    const [added] = await connectionsOf(renamed.arn);
    expect(answer.body).toMatchObject({ Status: "SUCCESS", PhysicalResourceId: added!.id });
    expect(added).toMatchObject({ status: "verified" });
    expect(parseRoleArn(added!.roleArn).ok).toBe(true);
  });
});

describe("a StackSet instance's registration (AWS Organization path)", () => {
  it("ties each account to its deployment, which counts them as one unit; a stack instance's deletion disconnects its account", async () => {
    startWorker();
    const management = accountId();
    const deploymentId = `arn:aws:cloudformation:${REGION}:${management}:stack/RolegateOrganization/${randomUUID()}`;
    const creates = [newRole(), newRole()].map((role) => createFor(role, { DeploymentId: deploymentId }));
    for (const create of creates) expect(await receive(create)).toEqual({ ok: true });
    const answers = await Promise.all(creates.map((c) => answerTo(c.RequestId)));
    expect(answers.map((a) => a.body.Status)).toEqual(["SUCCESS", "SUCCESS"]);
    const of = async () => (await listDeployments(admin, org)).find((d) => d.managementAccountId === management);
    expect(await of()).toMatchObject({ region: REGION, stackName: "RolegateOrganization", registered: 2, verified: 2, failing: 0, disconnected: 0, failures: [] });

    const first = creates[0]!;
    const del = request("Delete", first.ResourceProperties, { StackId: first.StackId, PhysicalResourceId: answers[0]!.body.PhysicalResourceId });
    expect(await receive(del)).toEqual({ ok: true });
    expect((await answerTo(del.RequestId)).body.Status).toBe("SUCCESS");
    expect(await of()).toMatchObject({ registered: 2, verified: 1, disconnected: 1 });
  });

  it("leaves a single-account stack, or a DeploymentId that is no stack id, out of any deployment", async () => {
    startWorker();
    const before = (await listDeployments(admin, org)).length;
    for (const DeploymentId of ["", "arn:aws:iam::123456789012:role/x", `arn:aws:cloudformation:${REGION}:123456789012:stack/a b/${randomUUID()}`]) {
      const role = newRole();
      const create = createFor(role, { DeploymentId });
      expect(await receive(create)).toEqual({ ok: true });
      expect((await answerTo(create.RequestId)).body.Status).toBe("SUCCESS");
      expect((await connectionsOf(role.arn))[0]?.deploymentId).toBeNull();
    }
    expect(await listDeployments(admin, org)).toHaveLength(before);
  });
});
