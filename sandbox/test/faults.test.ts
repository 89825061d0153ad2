import { STSClient } from "@aws-sdk/client-sts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { callerIdentity, externalIdTrust, startTestSandbox, type TestSandbox, tryAssume } from "./helpers";

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as Error & { $metadata: { httpStatusCode?: number } };
  }
  throw new Error("expected the call to fail");
}

describe("fault injection", () => {
  let t: TestSandbox;
  let roleArn: string;
  let roleCreatedAt: number;

  beforeAll(async () => {
    t = await startTestSandbox();
    roleArn = await t.createRole("555555555555", "Faulty", externalIdTrust(t.partner.accountId, "ext-faults"));
    roleCreatedAt = Date.now();
  });
  afterEach(async () => {
    expect((await t.control("DELETE", "/_sandbox/faults")).status).toBe(204);
  });
  afterAll(() => t.close());

  const addFault = async (fault: Record<string, unknown>) => {
    const res = await t.control("POST", "/_sandbox/faults", fault);
    expect(res.status).toBe(201);
    return res.body.fault;
  };

  it("latency delays the matching action only", async () => {
    await addFault({ action: "GetCallerIdentity", kind: "latency", ms: 1000 });
    let started = Date.now();
    await callerIdentity(t.sts());
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    started = Date.now();
    await tryAssume(t.sts(), { RoleArn: roleArn, ExternalId: "ext-faults" });
    expect(Date.now() - started).toBeLessThan(900); // not delayed (a wide margin for loaded machines)
  });

  it("throttle answers Throttling for `count` requests, then stops", async () => {
    await addFault({ action: "*", kind: "throttle", count: 2 });
    for (let i = 0; i < 2; i++) {
      const error = await failure(callerIdentity(t.sts()));
      expect(error.name).toBe("Throttling");
      expect(error.message).toBe("Rate exceeded");
      expect(error.$metadata.httpStatusCode).toBe(400);
    }
    expect((await callerIdentity(t.sts())).Account).toBe("111111111111");
  });

  it("the SDK's own retries ride out a single throttle", async () => {
    await addFault({ action: "GetCallerIdentity", kind: "throttle", count: 1 });
    const retrying = new STSClient({ region: "us-east-1", endpoint: t.sandbox.url, credentials: t.partner, maxAttempts: 3 });
    const identity = await callerIdentity(retrying);
    expect(identity.$metadata.attempts).toBe(2);
  });

  it("drop closes the connection without an answer", async () => {
    await addFault({ action: "AssumeRole", kind: "drop", count: 1 });
    const res = await tryAssume(t.sts(), { RoleArn: roleArn, ExternalId: "ext-faults" });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.$metadata.httpStatusCode).toBeUndefined();
    expect(String((res.error as { code?: string }).code ?? res.error.message)).toMatch(/ECONNRESET|socket hang up/i);
    expect((await tryAssume(t.sts(), { RoleArn: roleArn, ExternalId: "ext-faults" })).ok).toBe(true);
  });

  it("region-disabled answers RegionDisabledException with the caller's account", async () => {
    await addFault({ action: "AssumeRole", kind: "region-disabled" });
    const res = await tryAssume(t.sts(), { RoleArn: roleArn, ExternalId: "ext-faults" });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.name).toBe("RegionDisabledException");
    expect(res.error.$metadata.httpStatusCode).toBe(403);
    expect(res.error.message).toContain("STS is not activated in this region for account:111111111111");
    expect((await callerIdentity(t.sts())).Account).toBe("111111111111");
  });

  it("propagation denies a new role until it is `ms` old, as IAM's eventual consistency does", async () => {
    const windowMs = 1500;
    // Margins wide enough for a loaded CI machine: the older role is well past the window.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, roleCreatedAt + windowMs + 200 - Date.now())));
    await addFault({ action: "AssumeRole", kind: "propagation", ms: windowMs });
    const fresh = await t.createRole("555555555555", "BrandNew", externalIdTrust(t.partner.accountId, "ext-faults"));
    const early = await tryAssume(t.sts(), { RoleArn: fresh, ExternalId: "ext-faults" });
    expect(early.ok ? "allowed" : early.error.name).toBe("AccessDenied");
    // An older role is not affected.
    expect((await tryAssume(t.sts(), { RoleArn: roleArn, ExternalId: "ext-faults" })).ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, windowMs + 200));
    expect((await tryAssume(t.sts(), { RoleArn: fresh, ExternalId: "ext-faults" })).ok).toBe(true);
  });

  it("lists faults, and clearing them restores normal service", async () => {
    await addFault({ action: "*", kind: "throttle" });
    expect((await t.control("GET", "/_sandbox/faults")).body.faults).toHaveLength(1);
    expect((await t.control("DELETE", "/_sandbox/faults")).status).toBe(204);
    expect((await callerIdentity(t.sts())).Account).toBe("111111111111");
  });

  it.each([
    [{ action: "DeleteRole", kind: "throttle" }, "action"],
    [{ action: "*", kind: "earthquake" }, "kind"],
    [{ action: "*", kind: "latency" }, "ms"],
    [{ action: "*", kind: "throttle", count: 0 }, "count"],
    [{ action: "*", kind: "throttle", extra: true }, "extra"],
  ])("refuses an invalid fault %j naming the field", async (fault, field) => {
    const res = await t.control("POST", "/_sandbox/faults", fault);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("ValidationError");
    expect(res.body.error.message).toContain(field);
  });
});
