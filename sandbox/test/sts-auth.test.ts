import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { callerIdentity, externalIdTrust, sessionCredentials, startTestSandbox, type TestSandbox, tryAssume } from "./helpers";
import { signedPost } from "./raw-sts";

const IDENTITY = "Action=GetCallerIdentity&Version=2011-06-15";

async function sdkError(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as Error & { $metadata: { httpStatusCode?: number; requestId?: string } };
  }
  throw new Error("expected the call to fail");
}

describe("SigV4 authentication", () => {
  let t: TestSandbox;
  let roleArn: string;

  beforeAll(async () => {
    t = await startTestSandbox();
    roleArn = await t.createRole("333333333333", "Target", externalIdTrust(t.partner.accountId, "ext-id-1"));
  });
  afterAll(() => t.close());
  afterEach(() => vi.useRealTimers());

  it("refuses an access key it never issued with InvalidClientTokenId", async () => {
    const error = await sdkError(callerIdentity(t.sts({ accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "x".repeat(40) })));
    expect(error.name).toBe("InvalidClientTokenId");
    expect(error.message).toBe("The security token included in the request is invalid.");
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.$metadata.requestId).toBeTruthy();
  });

  it("refuses the partner's key signed with the wrong secret with SignatureDoesNotMatch", async () => {
    const error = await sdkError(callerIdentity(t.sts({ accessKeyId: t.partner.accessKeyId, secretAccessKey: "y".repeat(40) })));
    expect(error.name).toBe("SignatureDoesNotMatch");
    expect(error.$metadata.httpStatusCode).toBe(403);
  });

  it("refuses a body other than the one signed", async () => {
    const res = await signedPost(t.sandbox.url, IDENTITY, t.partner, { sendBody: "Action=GetCallerIdentity&Version=2011-06-15&x=1" });
    expect(res.status).toBe(403);
    expect(res.code).toBe("SignatureDoesNotMatch");
  });

  it("refuses a signature scoped to another service", async () => {
    const res = await signedPost(t.sandbox.url, IDENTITY, t.partner, { service: "iam" });
    expect(res.code).toBe("SignatureDoesNotMatch");
    expect(res.message).toBe("Credential should be scoped to correct service: 'sts'. ");
  });

  it("refuses a signature made more than 15 minutes ago", async () => {
    const res = await signedPost(t.sandbox.url, IDENTITY, t.partner, { signingDate: new Date(Date.now() - 20 * 60_000) });
    expect(res.code).toBe("SignatureDoesNotMatch");
    expect(res.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than/);
  });

  it("accepts any region in the credential scope and answers in that region's partition", async () => {
    expect((await callerIdentity(t.sts(t.partner, "eu-west-1"))).Arn).toBe("arn:aws:iam::111111111111:user/rolegate-partner");
    expect((await callerIdentity(t.sts(t.partner, "cn-north-1"))).Arn).toBe("arn:aws-cn:iam::111111111111:user/rolegate-partner");
  });

  it("answers an unsigned request with MissingAuthenticationToken", async () => {
    const response = await fetch(t.sandbox.url + "/", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: IDENTITY,
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("<Code>MissingAuthenticationToken</Code>");
  });

  describe("temporary credentials", () => {
    let session: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
    beforeAll(async () => {
      const res = await tryAssume(t.sts(), { RoleArn: roleArn, ExternalId: "ext-id-1", DurationSeconds: 900 });
      if (!res.ok) throw res.error;
      session = sessionCredentials(res.result) as typeof session;
    });

    it("work with their session token", async () => {
      expect((await callerIdentity(t.sts(session))).Arn).toBe("arn:aws:sts::333333333333:assumed-role/Target/rolegate-test");
    });

    it("fail without their session token", async () => {
      const error = await sdkError(callerIdentity(t.sts({ accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey })));
      expect(error.name).toBe("InvalidClientTokenId");
    });

    it("fail with a tampered session token", async () => {
      const forged = session.sessionToken.replace(/\.([^.]+)\./, (_m, payload: string) => {
        const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
        return "." + Buffer.from(JSON.stringify({ ...claims, accountId: "999999999999" })).toString("base64url") + ".";
      });
      const error = await sdkError(callerIdentity(t.sts({ ...session, sessionToken: forged })));
      expect(error.name).toBe("InvalidClientTokenId");
    });

    it("fail with another session's token", async () => {
      const other = await tryAssume(t.sts(), { RoleArn: roleArn, ExternalId: "ext-id-1" });
      if (!other.ok) throw other.error;
      const error = await sdkError(callerIdentity(t.sts({ ...session, sessionToken: other.result.Credentials?.SessionToken ?? "" })));
      expect(error.name).toBe("InvalidClientTokenId");
    });

    it("fail with a wrong secret", async () => {
      const error = await sdkError(callerIdentity(t.sts({ ...session, secretAccessKey: t.partner.secretAccessKey })));
      expect(error.name).toBe("SignatureDoesNotMatch");
    });

    it("do not turn the partner's long-term key into a session", async () => {
      const error = await sdkError(callerIdentity(t.sts({ ...t.partner, sessionToken: session.sessionToken })));
      expect(error.name).toBe("InvalidClientTokenId");
    });

    it("expire: after their expiry STS answers ExpiredToken", async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(Date.now() + 901_000);
      const error = await sdkError(callerIdentity(t.sts(session)));
      expect(error.name).toBe("ExpiredToken");
      expect(error.message).toBe("The security token included in the request is expired");
      expect(error.$metadata.httpStatusCode).toBe(400);
      // The partner's long-term key is not affected by the clock.
      expect((await callerIdentity(t.sts())).Account).toBe("111111111111");
    });
  });
});
