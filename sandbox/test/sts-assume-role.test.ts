import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerIdentity, externalIdTrust, sessionCredentials, startTestSandbox, type TestSandbox, tryAssume } from "./helpers";

const CUSTOMER = "222222222222";
const EXTERNAL_ID = "rg-4f1c9d2e8a7b6c5d4e3f2a1b0c9d8e7f";

describe("AssumeRole through the real AWS SDK", () => {
  let t: TestSandbox;
  let roleArn: string;
  let openRoleArn: string;

  beforeAll(async () => {
    t = await startTestSandbox();
    roleArn = await t.createRole(CUSTOMER, "RolegateAccess", externalIdTrust(t.partner.accountId, EXTERNAL_ID));
    openRoleArn = await t.createRole(CUSTOMER, "NoExternalId", {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${t.partner.accountId}:root` }, Action: "sts:AssumeRole" }],
    });
  });
  afterAll(() => t.close());

  it("answers GetCallerIdentity for the partner user", async () => {
    const identity = await callerIdentity(t.sts());
    expect(identity.Account).toBe("111111111111");
    expect(identity.Arn).toBe("arn:aws:iam::111111111111:user/rolegate-partner");
    expect(identity.UserId).toMatch(/^AIDA[A-Z0-9]{17}$/);
    expect(identity.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("issues temporary credentials for the right External ID, and GetCallerIdentity sees the role", async () => {
    const before = Date.now();
    const res = await tryAssume(t.sts(), { RoleArn: roleArn, ExternalId: EXTERNAL_ID, RoleSessionName: "rolegate-verify", DurationSeconds: 900 });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const { Credentials, AssumedRoleUser } = res.result;
    expect(Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(Credentials?.SecretAccessKey).toHaveLength(40);
    expect(Credentials?.SessionToken).toBeTruthy();
    const expiresIn = (Credentials?.Expiration?.getTime() ?? 0) - before;
    expect(expiresIn).toBeGreaterThan(895_000);
    expect(expiresIn).toBeLessThan(905_000);
    expect(AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${CUSTOMER}:assumed-role/RolegateAccess/rolegate-verify`);
    expect(AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z0-9]{17}:rolegate-verify$/);

    const identity = await callerIdentity(t.sts(sessionCredentials(res.result)));
    expect(identity.Account).toBe(CUSTOMER);
    expect(identity.Arn).toBe(AssumedRoleUser?.Arn);
    expect(identity.UserId).toBe(AssumedRoleUser?.AssumedRoleId);
  });

  it.each([
    ["a wrong External ID", { ExternalId: "rg-not-the-right-one" }],
    ["no External ID", {}],
    ["an External ID differing only in case", { ExternalId: EXTERNAL_ID.toUpperCase() }],
  ])("denies %s with AWS's AccessDenied message", async (_label, extra) => {
    const res = await tryAssume(t.sts(), { RoleArn: roleArn, ...extra });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.name).toBe("AccessDenied");
    expect(res.error.message).toBe(
      `User: arn:aws:iam::111111111111:user/rolegate-partner is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    );
    expect(res.error.$metadata.httpStatusCode).toBe(403);
    expect(res.error.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.error.$fault).toBe("client");
  });

  it("lets an External ID through on a role without the condition (what the negative check must catch)", async () => {
    expect((await tryAssume(t.sts(), { RoleArn: openRoleArn })).ok).toBe(true);
    expect((await tryAssume(t.sts(), { RoleArn: openRoleArn, ExternalId: "anything-at-all" })).ok).toBe(true);
  });

  it("denies a role that does not exist exactly like a refusing trust policy", async () => {
    const missing = `arn:aws:iam::${CUSTOMER}:role/DoesNotExist`;
    const res = await tryAssume(t.sts(), { RoleArn: missing, ExternalId: EXTERNAL_ID });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.name).toBe("AccessDenied");
    expect(res.error.message).toBe(
      `User: arn:aws:iam::111111111111:user/rolegate-partner is not authorized to perform: sts:AssumeRole on resource: ${missing}`,
    );
  });

  it("refuses DurationSeconds above the role's MaxSessionDuration", async () => {
    const res = await tryAssume(t.sts(), { RoleArn: roleArn, ExternalId: EXTERNAL_ID, DurationSeconds: 7200 });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.name).toBe("ValidationError");
    expect(res.error.message).toBe("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  });

  it("caps role chaining at one hour", async () => {
    const hopArn = await t.createRole(t.partner.accountId, "Hop", {
      Statement: [{ Effect: "Allow", Principal: { AWS: t.partner.arn }, Action: "sts:AssumeRole" }],
    });
    const targetArn = await t.createRole(
      CUSTOMER,
      "ChainTarget",
      { Statement: [{ Effect: "Allow", Principal: { AWS: hopArn }, Action: "sts:AssumeRole" }] },
      { maxSessionDuration: 7200 },
    );
    const hop = await tryAssume(t.sts(), { RoleArn: hopArn });
    if (!hop.ok) throw hop.error;
    const asHop = t.sts(sessionCredentials(hop.result));
    const chained = await tryAssume(asHop, { RoleArn: targetArn, DurationSeconds: 3600 });
    expect(chained.ok).toBe(true);
    const tooLong = await tryAssume(asHop, { RoleArn: targetArn, DurationSeconds: 3601 });
    expect(tooLong.ok ? "" : tooLong.error.message).toBe(
      "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
    );
    // The partner user itself is not the role principal named in the trust policy.
    expect((await tryAssume(t.sts(), { RoleArn: targetArn })).ok).toBe(false);
  });
});
