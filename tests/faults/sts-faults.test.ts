import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createStsGateway, type SdkStsGateway } from "@/lib/aws/sts";
import { customerView, type VerificationProgress, type VerificationResult } from "@/lib/aws/verify";
import { verificationTarget } from "@/lib/dal/verifications";
import type { Viewer } from "@/lib/dal/viewer";
import { runVerification, verifyTarget } from "@/lib/verification/run";
import type { FaultSpec } from "@/sandbox/faults";
import { newAdmin, newMember, newOrganization, setupDatabase } from "@/tests/support/db";
import { newConnections } from "@/tests/support/jobs";
import { connectionRow, externalIdOf, type FaultSandbox, historyOf, startFaultSandbox, timed, TWO_HOURS_AGO } from "./support";

// Each STS fault the sandbox can inject, through verifyTarget / runVerification, the real AWS SDK
// and the database: what the connection becomes, what the history keeps, what the customer reads.
// The SDK's timeout is shortened (the app's is 10 s per attempt) so "never hangs" takes seconds.
const STS_TIMEOUT_MS = 400;
const held = vi.hoisted(() => ({ gateway: undefined as SdkStsGateway | undefined }));
vi.mock("@/lib/runtime/aws", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/runtime/aws")>()),
  stsGateway: async () => held.gateway!,
}));

let sandbox: FaultSandbox;
let admin: Viewer;
let org: string;
let externalId: string;

beforeAll(async () => {
  sandbox = await startFaultSandbox();
  const { partner } = sandbox.info();
  held.gateway = createStsGateway({
    region: "us-east-1",
    endpoint: sandbox.url,
    credentials: { accessKeyId: partner.accessKeyId, secretAccessKey: partner.secretAccessKey },
    timeoutMs: STS_TIMEOUT_MS,
  });
  await setupDatabase();
  admin = await newAdmin();
  org = await newOrganization(admin);
  externalId = await externalIdOf(admin, org);
});

afterEach(() => sandbox.clearFaults());

afterAll(async () => {
  held.gateway?.destroy();
  await sandbox.stop();
});

/** A connection (added two hours ago) whose role is set up right, verified once for real. */
async function verifiedConnection() {
  const arn = await sandbox.role(externalId);
  const [id] = await newConnections(org, 1, { roleArn: () => arn, createdAt: TWO_HOURS_AGO() });
  const first = await verifyTarget(await verificationTarget(admin, id!), { trigger: "manual", actorUserId: admin.userId });
  expect(first.status).toBe("verified");
  return { id: id!, arn, before: await connectionRow(id!), history: await historyOf(id!) };
}

/** Re-verifies as an admin would, with a bound on how long it may take. */
async function reverify(id: string, extra: { signal?: AbortSignal; onProgress?: (p: VerificationProgress) => void } = {}) {
  const target = await verificationTarget(admin, id);
  const run = await timed(() => verifyTarget(target, { trigger: "manual", actorUserId: admin.userId, ...extra }));
  if (run.error) throw run.error;
  return { result: run.value!, ms: run.ms };
}

/** The connection failed with `code`: not verified, the new history row appended after the old ones intact. */
async function expectFailedAndRecorded(c: Awaited<ReturnType<typeof verifiedConnection>>, result: VerificationResult, code: string, actor = admin) {
  expect(result.status).toBe("failed");
  expect(result.failure?.code).toBe(code);
  const row = await connectionRow(c.id);
  expect(row).toMatchObject({ status: "failed", lastFailureCode: code, lastFailureMessage: result.failure!.title });
  expect(row.lastVerifiedAt).toEqual(c.before.lastVerifiedAt);
  const history = await historyOf(c.id);
  expect(history.slice(0, -1)).toEqual(c.history);
  expect(history.at(-1)).toMatchObject({ status: "failed", failureCode: code, trigger: "manual", actorUserId: actor.userId });
  expect(history.at(-1)!.checks).toEqual(result.checks);
}

describe("STS faults at the verification level", () => {
  it.each<{ name: string; fault: FaultSpec; code: string; check: string; attempts: number; says: RegExp }>([
    { name: "throttling beyond the retries", fault: { action: "AssumeRole", kind: "throttle" }, code: "throttled", check: "assume-role", attempts: 3, says: /AWS asked Rolegate to slow down/ },
    { name: "latency beyond the SDK timeout", fault: { action: "AssumeRole", kind: "latency", ms: 1_000 }, code: "timeout", check: "assume-role", attempts: 3, says: /did not get an answer in time/ },
    { name: "dropped connections", fault: { action: "GetCallerIdentity", kind: "drop" }, code: "network", check: "caller-identity", attempts: 3, says: /connection between Rolegate and AWS failed/ },
    { name: "RegionDisabledException", fault: { action: "AssumeRole", kind: "region-disabled" }, code: "region-disabled", check: "assume-role", attempts: 1, says: /AWS STS in us-east-1/ },
  ])("$name: a verified connection becomes failed ($code), returns in bounded time, history kept", async ({ fault, code, check, attempts, says }) => {
    const c = await verifiedConnection();
    await sandbox.fault(fault);
    const { result, ms } = await reverify(c.id);

    // Three attempts at most, each limited by the timeout, with at most 1.5 s of backoff between.
    expect(ms).toBeLessThan(3 * STS_TIMEOUT_MS + 1_500 + 1_500);
    await expectFailedAndRecorded(c, result, code);
    const failed = result.checks.find((k) => k.state === "failed");
    expect(failed).toMatchObject({ id: check, attempts });
    expect(result.checks.filter((k) => k.state === "failed").map((k) => k.id)).toEqual([check]);
    expect(customerView(result).failure?.detail).toMatch(says);
  });

  it("a member reads what happened in customer words, without the partner-side detail", async () => {
    const member = await newMember(admin, org);
    const c = await verifiedConnection();
    await sandbox.fault({ action: "AssumeRole", kind: "region-disabled" });
    const result = await runVerification(member, c.id, { trigger: "manual" });
    await expectFailedAndRecorded(c, result, "region-disabled", member);
    expect(result.failure).toMatchObject({ side: "customer", title: "AWS STS is turned off for your account in the region Rolegate uses" });
    expect(result.failure!.nextStep).toMatch(/activate the STS endpoint for us-east-1/);
    expect(result.failure).not.toHaveProperty("adminDetail");
  });

  it("a fault during the External ID security check never yields verified", async () => {
    const c = await verifiedConnection();
    // GetCallerIdentity is held back long enough for the throttle to be in place before the negative checks start.
    await sandbox.fault({ action: "GetCallerIdentity", kind: "latency", ms: 300, count: 1 });
    const { result } = await reverify(c.id, {
      onProgress: (p) => {
        if (p.id === "caller-identity" && p.state === "running") void sandbox.fault({ action: "AssumeRole", kind: "throttle" });
      },
    });
    await expectFailedAndRecorded(c, result, "check-inconclusive");
    expect(result.checks.map((k) => [k.id, k.state])).toEqual([
      ["assume-role", "passed"],
      ["caller-identity", "passed"],
      ["no-external-id-denied", "failed"],
      ["wrong-external-id-denied", "failed"],
      ["permissions", "passed"],
    ]);
    expect(result.failure!.title).toBe("Rolegate could not finish the External ID security check");
  });

  it("propagation delay: a new connection waits for IAM and is verified, saying so while it waits", async () => {
    const arn = await sandbox.role(externalId);
    await sandbox.fault({ action: "AssumeRole", kind: "propagation", ms: 1_200 });
    const [id] = await newConnections(org, 1, { roleArn: () => arn });
    const target = await verificationTarget(admin, id!);
    expect(target.fresh).toBe(true);
    const waits: string[] = [];
    const { result, ms } = await reverify(id!, { onProgress: (p) => p.state === "waiting" && waits.push(p.message ?? "") });

    expect(result.status).toBe("verified");
    expect(ms).toBeLessThan(10_000);
    expect(result.checks[0]!.attempts).toBeGreaterThan(1);
    expect(waits[0]).toMatch(/Waiting for AWS to make the new role usable/);
    expect(await connectionRow(id!)).toMatchObject({ status: "verified", lastFailureCode: null });
    expect((await historyOf(id!)).map((h) => [h.status, h.failureCode])).toEqual([["verified", null]]);
  });

  it("propagation delay: an established connection whose role was re-created fails at once, naming propagation as a cause", async () => {
    const c = await verifiedConnection();
    await sandbox.deleteRole(c.arn);
    const name = c.arn.split("/").pop()!;
    await sandbox.role(externalId, name, c.arn.split(":")[4]);
    await sandbox.fault({ action: "AssumeRole", kind: "propagation", ms: 60_000 });
    const { result, ms } = await reverify(c.id);

    expect(ms).toBeLessThan(2_000);
    await expectFailedAndRecorded(c, result, "access-denied");
    expect(result.checks[0]).toMatchObject({ state: "failed", attempts: 1, awsCode: "AccessDenied" });
    expect(result.failure!.causes.join(" ")).toMatch(/has not made the new role usable yet/);
  });

  it("a verification stopped by its caller returns at once, is recorded, and changes nothing else, as it says", async () => {
    const c = await verifiedConnection();
    await sandbox.fault({ action: "AssumeRole", kind: "latency", ms: 1_000 });
    const { result, ms } = await reverify(c.id, { signal: AbortSignal.timeout(150) });

    expect(ms).toBeLessThan(STS_TIMEOUT_MS);
    expect(result).toMatchObject({ status: "failed", failure: { code: "aborted", title: "The verification was stopped" } });
    expect(result.failure!.detail).toMatch(/Nothing was changed/);
    const row = await connectionRow(c.id);
    expect(row).toEqual(c.before);
    const history = await historyOf(c.id);
    expect(history.slice(0, -1)).toEqual(c.history);
    expect(history.at(-1)).toMatchObject({ status: "failed", failureCode: "aborted" });
  });
});
