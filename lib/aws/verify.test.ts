import { describe, expect, it } from "vitest";
import { isExternalId } from "./external-id";
import { awsError } from "@/tests/support/fake-sts";
import { EXTERNAL_ID, role, setup, states } from "@/tests/support/verify-setup";
import { roleSessionName } from "./verify";

describe("verifyConnection", () => {
  it("verifies a correctly set-up role with all five checks", async () => {
    const { sts, probes, run, sleeps } = setup();
    const result = await run();
    expect(result.status).toBe("verified");
    expect(states(result)).toEqual([
      ["assume-role", "passed"],
      ["caller-identity", "passed"],
      ["no-external-id-denied", "passed"],
      ["wrong-external-id-denied", "passed"],
      ["permissions", "passed"],
    ]);
    expect(result.failure).toBeUndefined();
    expect(result.accountId).toBe("123456789012");
    expect(result.roleArn).toBe(role().arn);
    expect(result.checks.every((c) => c.attempts === 1)).toBe(true);
    expect(result.checks[1]!.message).toBe("AWS confirmed role RolegateAccess in account 123456789012.");
    expect(result.checks[2]).toMatchObject({ awsCode: "AccessDenied", requestId: expect.stringMatching(/^req-/) });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    expect(sleeps).toEqual([]);

    const [positive, identity, noId, wrongId] = sts.calls;
    expect(positive).toMatchObject({ identity: "partner", op: "AssumeRole", request: { roleArn: role().arn, externalId: EXTERNAL_ID, durationSeconds: 900 } });
    expect(positive!.request!.roleSessionName).toBe("rolegate-verify-c0ffee00-1234-4abc-9def-000000000001");
    // GetCallerIdentity really used the credentials the positive call returned.
    expect(identity).toEqual({ identity: "temporary", op: "GetCallerIdentity", accessKeyId: sts.issued[0]!.accessKeyId });
    expect(noId!.request).not.toHaveProperty("externalId");
    expect(noId!.request!.durationSeconds).toBe(900);
    expect(wrongId!.request!.externalId).not.toBe(EXTERNAL_ID);
    expect(isExternalId(wrongId!.request!.externalId!)).toBe(true);
    expect(sts.calls).toHaveLength(4);
    // The probe ran as the role: with the credentials the positive AssumeRole returned.
    expect(probes.calls).toEqual([{ op: "ListBuckets", accessKeyId: sts.issued[0]!.accessKeyId }]);
    expect(result.checks[4]!.message).toBe("AWS allowed s3:ListBuckets as the role.");
  });

  it("reports each step live: running, then its result", async () => {
    const { run, progress } = setup();
    await run();
    expect(progress.map((p) => [p.id, p.state])).toEqual([
      ["assume-role", "running"], ["assume-role", "passed"],
      ["caller-identity", "running"], ["caller-identity", "passed"],
      ["no-external-id-denied", "running"], ["no-external-id-denied", "passed"],
      ["wrong-external-id-denied", "running"], ["wrong-external-id-denied", "passed"],
      ["permissions", "running"], ["permissions", "passed"],
    ]);
    expect(progress[0]!.label).toBe("Assume the role with your External ID");
  });

  it("marks a role assumable without an External ID insecure", async () => {
    const { sts, run } = setup();
    sts.withoutExternalId.push(sts.granted);
    const result = await run();
    expect(result.status).toBe("insecure");
    expect(result.checks[2]).toMatchObject({
      id: "no-external-id-denied",
      state: "failed",
      message: "This role can be assumed without an External ID. Add the sts:ExternalId condition to its trust policy.",
    });
    expect(result.checks[3]!.state).toBe("passed");
    expect(result.failure).toMatchObject({ code: "insecure-no-external-id", side: "customer" });
  });

  it("marks a role assumable with a wrong External ID insecure", async () => {
    const { sts, run } = setup();
    sts.withWrongExternalId.push(sts.granted);
    const result = await run();
    expect(result.status).toBe("insecure");
    expect(states(result).slice(2)).toEqual([["no-external-id-denied", "passed"], ["wrong-external-id-denied", "failed"], ["permissions", "passed"]]);
    expect(result.failure!.code).toBe("insecure-wrong-external-id");
    expect(result.checks[3]!.message).toMatch(/External ID that is not yours/);
  });

  it("names the missing condition first when both negative calls succeed", async () => {
    const { sts, run } = setup();
    sts.withoutExternalId.push(sts.granted);
    sts.withWrongExternalId.push(sts.granted);
    const result = await run();
    expect(result.status).toBe("insecure");
    expect(result.failure!.code).toBe("insecure-no-external-id");
  });

  it("fails on AccessDenied at once for an existing connection, skipping the rest", async () => {
    const { sts, run, sleeps } = setup();
    sts.withExternalId.push(awsError("AccessDenied", { status: 403, requestId: "req-denied" }));
    const result = await run();
    expect(result.status).toBe("failed");
    expect(result.checks[0]).toMatchObject({ state: "failed", attempts: 1, awsCode: "AccessDenied", requestId: "req-denied" });
    expect(states(result).slice(1).map(([, s]) => s)).toEqual(["skipped", "skipped", "skipped", "skipped"]);
    expect(result.failure).toMatchObject({ code: "access-denied", side: "customer", awsCode: "AccessDenied", requestId: "req-denied" });
    expect(result.failure!.causes.join(" ")).toMatch(/External ID/);
    expect(sleeps).toEqual([]);
    expect(sts.calls).toHaveLength(1);
  });

  it("waits for a fresh role to propagate, saying so, and then verifies it", async () => {
    const { sts, run, progress, sleeps } = setup({ retryPropagation: true });
    const denied = () => awsError("AccessDenied", { status: 403 });
    sts.withExternalId.push(denied(), denied(), denied());
    const result = await run();
    expect(result.status).toBe("verified");
    expect(result.checks[0]).toMatchObject({ state: "passed", attempts: 4 });
    expect(progress.filter((p) => p.state === "waiting").map((p) => p.message)).toEqual([
      "Waiting for AWS to make the new role usable (attempt 2)",
      "Waiting for AWS to make the new role usable (attempt 3)",
      "Waiting for AWS to make the new role usable (attempt 4)",
    ]);
    expect(sleeps).toEqual([750, 1500, 3000]);
    expect(result.checks[0]!.durationMs).toBe(5250);
  });

  it("gives up on a role that stays denied after the propagation window", async () => {
    const { sts, run, sleeps } = setup({ retryPropagation: true });
    sts.withExternalId.push(...Array.from({ length: 50 }, () => awsError("AccessDenied", { status: 403 })));
    const result = await run();
    expect(result.status).toBe("failed");
    const total = sleeps.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(60_000);
    expect(total).toBeGreaterThan(45_000);
    expect(result.checks[0]!.attempts).toBe(sleeps.length + 1);
    expect(result.failure).toMatchObject({ code: "access-denied" });
    expect(result.failure!.detail).toMatch(/kept answering/);
  });

  it("honours a shorter propagation window", async () => {
    const { sts, run, sleeps } = setup({ retryPropagation: true, propagationWindowMs: 5_000 });
    sts.withExternalId.push(...Array.from({ length: 50 }, () => awsError("AccessDenied", { status: 403 })));
    expect((await run()).status).toBe("failed");
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5_000);
  });

  it.each([
    ["another account", { accountId: "999999999999" }],
    ["another role", { roleName: "SomethingElse" }],
    ["another partition", { partition: "aws-cn" }],
  ])("fails when the role answers as %s, but still runs the negative checks", async (_, identity) => {
    const { sts, probes, run } = setup();
    Object.assign(sts.identity, identity);
    const result = await run();
    expect(result.status).toBe("failed");
    expect(states(result)).toEqual([
      ["assume-role", "passed"],
      ["caller-identity", "failed"],
      ["no-external-id-denied", "passed"],
      ["wrong-external-id-denied", "passed"],
      ["permissions", "skipped"],
    ]);
    expect(result.failure).toMatchObject({ code: "identity-mismatch", side: "partner" });
    // Not with a session AWS did not confirm as the role's.
    expect(probes.calls).toEqual([]);
  });

  it("fails when the session is not the one it started", async () => {
    const { sts, run } = setup();
    sts.callerIdentity.push({ account: "123456789012", arn: "arn:aws:sts::123456789012:assumed-role/RolegateAccess/someone-else" });
    expect((await run()).failure!.code).toBe("identity-mismatch");
  });

  it("accepts the role name in another case, as IAM treats names", async () => {
    const { sts, run } = setup({ role: role("arn:aws:iam::123456789012:role/rolegateaccess") });
    sts.identity.roleName = "RolegateAccess";
    expect((await run()).status).toBe("verified");
  });
});

describe("roleSessionName", () => {
  it("names Rolegate, the purpose and the connection within STS's rules", () => {
    expect(roleSessionName("42", "verify")).toBe("rolegate-verify-42");
    expect(roleSessionName("a b/c:d", "deny-check")).toBe("rolegate-deny-check-a-b-c-d");
    const long = roleSessionName("x".repeat(200), "verify");
    expect(long).toHaveLength(64);
    expect(long).toMatch(/^[\w+=,.@-]{2,64}$/);
  });
});
