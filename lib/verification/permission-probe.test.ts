import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/dal/viewer";
import { connectionRow, externalIdOf, type FaultSandbox, historyOf, startFaultSandbox, TWO_HOURS_AGO } from "@/tests/faults/support";
import { newAdmin, newOrganization, setupDatabase } from "@/tests/support/db";
import { newConnections } from "@/tests/support/jobs";
import { runVerification } from "./run";

// The permission probe end to end: runVerification, the real AWS SDK (STS and S3), the sandbox's
// identity-policy evaluation and the database.
let sandbox: FaultSandbox;
let admin: Viewer;
let org: string;

beforeAll(async () => {
  sandbox = await startFaultSandbox();
  await setupDatabase();
  admin = await newAdmin();
  org = await newOrganization(admin);
});
afterEach(() => sandbox.clearFaults());
afterAll(() => sandbox.stop());

/** Replaces a sandbox role's managed policies through the control API. */
async function setManagedPolicies(arn: string, managedPolicyArns: string[]) {
  const response = await fetch(`${sandbox.url}/_sandbox/roles/${encodeURIComponent(arn)}/policies`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ managedPolicyArns }),
  });
  expect(response.status).toBe(200);
}

const checksOf = (result: { checks: { id: string; state: string }[] }) => Object.fromEntries(result.checks.map((c) => [c.id, c.state]));

describe("the permission probe against the sandbox", () => {
  it("a role whose access policy is removed fails with missing permissions, and verifies again once restored", async () => {
    const arn = await sandbox.role(await externalIdOf(admin, org));
    const [id] = await newConnections(org, 1, { roleArn: () => arn, createdAt: TWO_HOURS_AGO() });
    const verify = () => runVerification(admin, id!, { trigger: "manual" });

    const first = await verify();
    expect(first.status).toBe("verified");
    expect(checksOf(first).permissions).toBe("passed");

    await setManagedPolicies(arn, []);
    const denied = await verify();
    expect(denied.status).toBe("failed");
    // The role can still be assumed: only the permission check fails, and says which API.
    expect(checksOf(denied)).toEqual({ "assume-role": "passed", "caller-identity": "passed", "no-external-id-denied": "passed", "wrong-external-id-denied": "passed", permissions: "failed" });
    expect(denied.failure).toMatchObject({ code: "missing-permissions", title: "Missing permissions: s3:ListBuckets was denied", awsCode: "AccessDenied" });
    expect(denied.checks.at(-1)).toMatchObject({ message: "s3:ListBuckets was denied: the role's access policy was changed or removed; update the stack.", requestId: expect.stringMatching(/^[0-9A-F]{16}$/) });
    expect(await connectionRow(id!)).toMatchObject({ status: "failed", lastFailureCode: "missing-permissions", lastFailureMessage: "Missing permissions: s3:ListBuckets was denied" });
    expect((await historyOf(id!)).at(-1)).toMatchObject({ status: "failed", failureCode: "missing-permissions", checks: denied.checks });

    await setManagedPolicies(arn, ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]);
    const restored = await verify();
    expect(restored.status).toBe("verified");
    expect(await connectionRow(id!)).toMatchObject({ status: "verified", lastFailureCode: null });
  });

  it("S3 throttling that outlasts the retries is not reported as missing permissions", async () => {
    const arn = await sandbox.role(await externalIdOf(admin, org));
    const [id] = await newConnections(org, 1, { roleArn: () => arn, createdAt: TWO_HOURS_AGO() });
    await sandbox.fault({ action: "ListBuckets", kind: "throttle", count: 3 });
    const result = await runVerification(admin, id!, { trigger: "manual" });
    expect(result.status).toBe("failed");
    expect(result.failure).toMatchObject({ code: "throttled", awsCode: "SlowDown" });
    expect(result.checks.at(-1)).toMatchObject({ id: "permissions", state: "failed", attempts: 3 });
    expect((await connectionRow(id!)).lastFailureCode).toBe("throttled");

    // One throttled answer is retried and the role verifies.
    await sandbox.fault({ action: "ListBuckets", kind: "throttle", count: 1 });
    const retried = await runVerification(admin, id!, { trigger: "manual" });
    expect(retried.status).toBe("verified");
    expect(retried.checks.at(-1)).toMatchObject({ id: "permissions", state: "passed", attempts: 2 });
  });
});
