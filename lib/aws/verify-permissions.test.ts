import { describe, expect, it } from "vitest";
import { awsError, socketError } from "@/tests/support/fake-sts";
import { setup, states } from "@/tests/support/verify-setup";
import { customerView } from "./verify";

const denied = () => awsError("AccessDenied", { status: 403, requestId: "S3DENIED0001", message: "User: arn:aws:sts::123456789012:assumed-role/RolegateAccess/s is not authorized to perform: s3:ListAllMyBuckets" });

describe("the permission check", () => {
  it("reports missing permissions, naming the API, when the role may be assumed but its access is gone", async () => {
    const { probes, run, sleeps } = setup();
    probes.listBuckets.push(denied());
    const result = await run();
    expect(result.status).toBe("failed");
    expect(states(result)).toEqual([
      ["assume-role", "passed"],
      ["caller-identity", "passed"],
      ["no-external-id-denied", "passed"],
      ["wrong-external-id-denied", "passed"],
      ["permissions", "failed"],
    ]);
    expect(result.checks[4]).toMatchObject({
      attempts: 1,
      awsCode: "AccessDenied",
      requestId: "S3DENIED0001",
      message: "s3:ListBuckets was denied: the role's access policy was changed or removed; update the stack.",
    });
    expect(result.failure).toMatchObject({ code: "missing-permissions", side: "customer", title: "Missing permissions: s3:ListBuckets was denied", awsCode: "AccessDenied", requestId: "S3DENIED0001" });
    expect(result.failure!.detail).toMatch(/AmazonS3ReadOnlyAccess/);
    expect(result.failure!.detail).toMatch(/update the stack/);
    expect(result.failure!.causes.join(" ")).toMatch(/s3:ListAllMyBuckets/);
    // Not "cannot assume": nothing in the customer's text says the role could not be assumed.
    expect([result.failure!.title, result.failure!.detail].join(" ")).not.toMatch(/refused Rolegate access to the role/);
    // AWS's own words go to admins only; a denial is not retried on an existing connection.
    expect(result.failure!.adminDetail).toMatch(/is not authorized/);
    expect(customerView(result).failure).not.toHaveProperty("adminDetail");
    expect(sleeps).toEqual([]);
  });

  it("names the permission set's policy (security audit)", async () => {
    const { probes, run } = setup({ permissionSet: "security-audit" });
    probes.listBuckets.push(denied());
    const { failure } = await run();
    expect(failure!.detail).toMatch(/Security audit access \(AWS managed policy SecurityAudit\)/);
    expect(failure!.nextStep).toMatch(/SecurityAudit/);
  });

  it("retries throttling of the probe and then verifies", async () => {
    const { probes, run, progress } = setup();
    probes.listBuckets.push(awsError("SlowDown", { status: 503 }), awsError("SlowDown", { status: 503 }));
    const result = await run();
    expect(result.status).toBe("verified");
    expect(result.checks[4]).toMatchObject({ id: "permissions", state: "passed", attempts: 3 });
    expect(progress.filter((p) => p.id === "permissions" && p.state === "waiting").map((p) => p.message)).toEqual([
      "AWS asked us to slow down; trying again (attempt 2)",
      "AWS asked us to slow down; trying again (attempt 3)",
    ]);
    expect(probes.calls).toHaveLength(3);
  });

  it.each([
    ["throttled", () => awsError("SlowDown", { status: 503 }), "aws"],
    ["aws-unavailable", () => awsError("InternalError", { status: 500 }), "aws"],
    ["timeout", () => socketError("timeout"), "aws"],
    ["network", () => socketError("refused"), "partner"],
  ])("a probe that stays %s fails the verification as that fault, never as missing permissions", async (code, error, side) => {
    const { probes, run } = setup();
    probes.listBuckets.push(error(), error(), error());
    const result = await run();
    expect(result.status).toBe("failed");
    expect(result.checks[4]).toMatchObject({ id: "permissions", state: "failed", attempts: 3 });
    expect(result.failure).toMatchObject({ code, side });
    expect(result.failure!.title).not.toMatch(/Missing permissions/);
  });

  it("does not blame the partner's keys when S3 rejects the role session's token", async () => {
    const { probes, run } = setup();
    probes.listBuckets.push(awsError("ExpiredToken", { status: 400 }));
    const { status, failure } = await run();
    expect(status).toBe("failed");
    expect(failure!.code).toBe("unknown");
  });

  it("a fresh role whose policy is not usable yet is waited for, then verified", async () => {
    const { probes, run, progress } = setup({ retryPropagation: true });
    probes.listBuckets.push(denied(), denied());
    const result = await run();
    expect(result.status).toBe("verified");
    expect(result.checks[4]).toMatchObject({ state: "passed", attempts: 3 });
    expect(progress.some((p) => p.id === "permissions" && p.state === "waiting" && p.message?.startsWith("Waiting for AWS to make the new role usable"))).toBe(true);
  });

  it("a fresh role stays missing permissions once the window has passed", async () => {
    const { probes, run, sleeps } = setup({ retryPropagation: true, propagationWindowMs: 5_000 });
    probes.listBuckets.push(...Array.from({ length: 50 }, denied));
    const result = await run();
    expect(result.failure!.code).toBe("missing-permissions");
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5_000);
  });

  it("an insecure role is reported insecure first, even when its access is also gone", async () => {
    const { sts, probes, run } = setup();
    sts.withoutExternalId.push(sts.granted);
    probes.listBuckets.push(denied());
    const result = await run();
    expect(result.status).toBe("insecure");
    expect(result.failure!.code).toBe("insecure-no-external-id");
    expect(result.checks[4]!.state).toBe("failed");
  });

  it("missing permissions is named ahead of a negative check that could not finish", async () => {
    const { sts, probes, run } = setup();
    sts.withWrongExternalId.push(awsError("Throttling"), awsError("Throttling"), awsError("Throttling"));
    probes.listBuckets.push(denied());
    expect((await run()).failure!.code).toBe("missing-permissions");
  });

  it("is skipped when the role cannot be assumed, or when the verification is stopped", async () => {
    const assumeDenied = setup();
    assumeDenied.sts.withExternalId.push(awsError("AccessDenied", { status: 403 }));
    const notAssumed = await assumeDenied.run();
    expect(notAssumed.checks[4]).toMatchObject({ id: "permissions", state: "skipped", message: "Not run: Rolegate could not assume the role." });
    expect(assumeDenied.probes.calls).toEqual([]);

    const controller = new AbortController();
    const stopped = setup({ signal: controller.signal });
    stopped.probes.listBuckets.push("hang");
    const pending = stopped.run();
    setTimeout(() => controller.abort(), 10);
    const result = await pending;
    expect(result.checks[4]).toMatchObject({ id: "permissions", state: "failed" });
    expect(result.failure!.code).toBe("aborted");
    expect(result.status).toBe("failed");
  });
});
