import { describe, expect, it } from "vitest";
import { awsError, socketError } from "@/tests/support/fake-sts";
import { role, setup } from "@/tests/support/verify-setup";
import { customerView } from "./verify";

describe("verifyConnection when AWS misbehaves", () => {
  it("retries throttling and then verifies", async () => {
    const { sts, run, progress } = setup();
    sts.withExternalId.push(awsError("Throttling"));
    const result = await run();
    expect(result.status).toBe("verified");
    expect(result.checks[0]!.attempts).toBe(2);
    expect(progress.find((p) => p.state === "waiting")).toMatchObject({ message: "AWS asked us to slow down; trying again (attempt 2)", awsCode: "Throttling" });
  });

  it("fails when throttling does not stop", async () => {
    const { sts, run } = setup({ retryPropagation: true });
    sts.withExternalId.push(awsError("Throttling"), awsError("Throttling"), awsError("Throttling"), sts.granted);
    const result = await run();
    expect(result.status).toBe("failed");
    expect(result.checks[0]!.attempts).toBe(3);
    expect(result.failure).toMatchObject({ code: "throttled", side: "aws", awsCode: "Throttling" });
  });

  it("fails on repeated timeouts", async () => {
    const { sts, run } = setup();
    sts.withExternalId.push(socketError("timeout"), socketError("timeout"), socketError("timeout"));
    const result = await run();
    expect(result.failure).toMatchObject({ code: "timeout" });
    expect(result.checks[0]!.attempts).toBe(3);
  });

  it("reports a network failure as the partner's", async () => {
    const { sts, run } = setup();
    sts.withExternalId.push(socketError("refused"), socketError("refused"), socketError("refused"));
    expect((await run()).failure).toMatchObject({ code: "network", side: "partner", awsCode: "ECONNREFUSED" });
  });

  it("stops when aborted mid-call, skipping what is left", async () => {
    const controller = new AbortController();
    const { sts, run } = setup({ signal: controller.signal });
    sts.withExternalId.push("hang");
    const pending = run();
    setTimeout(() => controller.abort(), 10);
    const result = await pending;
    expect(result.status).toBe("failed");
    expect(result.failure!.code).toBe("aborted");
    expect(result.checks.slice(1).every((c) => c.state === "skipped" && c.message === "Not run: the verification was stopped.")).toBe(true);
  });

  it("stops when aborted while waiting for propagation", async () => {
    const controller = new AbortController();
    const { sts, run } = setup({ retryPropagation: true, signal: controller.signal, sleep: async () => controller.abort() });
    sts.withExternalId.push(awsError("AccessDenied", { status: 403 }));
    const result = await run();
    expect(result.checks[0]).toMatchObject({ state: "failed", attempts: 1 });
    expect(result.failure!.code).toBe("aborted");
    expect(sts.calls).toHaveLength(1);
  });

  it.each(["InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken", "CredentialsProviderError"])(
    "blames the partner for %s, with detail for admins only",
    async (code) => {
      const { sts, run } = setup();
      sts.withExternalId.push(code === "CredentialsProviderError" ? Object.assign(new Error("no creds"), { name: code }) : awsError(code, { status: 403 }));
      const { status, failure } = await run();
      expect(status).toBe("failed");
      expect(failure).toMatchObject({ code: "partner-credentials", side: "partner", title: "A problem on the partner's side", awsCode: code });
      expect(failure!.adminDetail).toBeTruthy();
      expect(customerView({ ...(await setup().run()), failure: failure! }).failure).not.toHaveProperty("adminDetail");
      expect([failure!.title, failure!.detail, failure!.nextStep, ...failure!.causes].join(" ")).not.toMatch(/raw AWS text|no creds/);
    },
  );

  it("explains RegionDisabledException with the region", async () => {
    const { sts, run } = setup({ stsRegion: "ap-east-1" });
    sts.withExternalId.push(awsError("RegionDisabledException", { status: 403 }));
    const { failure } = await run();
    expect(failure).toMatchObject({ code: "region-disabled", awsCode: "RegionDisabledException" });
    expect(failure!.nextStep).toContain("ap-east-1");
  });

  it.each([
    ["throttled", () => awsError("Throttling")],
    ["timeout", () => socketError("timeout")],
    ["aws-unavailable", () => awsError("InternalFailure", { status: 500 })],
  ])("never verifies when a negative check is inconclusive (%s)", async (_, error) => {
    for (const queue of ["withoutExternalId", "withWrongExternalId"] as const) {
      const { sts, run } = setup();
      sts[queue].push(error(), error(), error());
      const result = await run();
      expect(result.status).toBe("failed");
      expect(result.failure!.code).toBe("check-inconclusive");
      expect(result.checks.find((c) => c.state === "failed")!.id).toBe(queue === "withoutExternalId" ? "no-external-id-denied" : "wrong-external-id-denied");
    }
  });

  it("never verifies when a negative check fails for another reason", async () => {
    const { sts, run } = setup();
    sts.withWrongExternalId.push(awsError("ValidationError"));
    const result = await run();
    expect(result.status).toBe("failed");
    expect(result.failure!.code).toBe("check-inconclusive");
  });

  it("retries an inconclusive negative check and then accepts the denial", async () => {
    const { sts, run } = setup();
    sts.withoutExternalId.push(awsError("Throttling"));
    const result = await run();
    expect(result.status).toBe("verified");
    expect(result.checks[2]!.attempts).toBe(2);
  });

  it("keeps going when the progress listener throws", async () => {
    const { run } = setup({
      onProgress: () => {
        throw new Error("stream closed");
      },
    });
    expect((await run()).status).toBe("verified");
  });

  it("refuses input that was never validated", async () => {
    await expect(setup({ externalId: "bad id" }).run()).rejects.toThrow(RangeError);
    await expect(setup({ role: { ...role(), accountId: "999999999999" } }).run()).rejects.toThrow(RangeError);
    await expect(setup({ connectionId: "" }).run()).rejects.toThrow(RangeError);
    await expect(setup({ permissionSet: "admin" as "read-only" }).run()).rejects.toThrow(RangeError);
  });
});
