import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { mintSession } from "../sts/session";
import { type Credentials, externalIdTrust, sessionCredentials, startTestSandbox, type TestSandbox, tryAssume } from "./helpers";

const ACCOUNT = "444444444444";
const EXTERNAL_ID = "ext-s3-probe";

type S3Failure = Error & { $metadata: { httpStatusCode?: number; requestId?: string } };

/** ListBuckets through the real SDK, as Rolegate's probe makes it: path-style, endpoint override, one attempt. */
async function listBuckets(t: TestSandbox, credentials: Credentials) {
  const client = new S3Client({ region: "us-east-1", endpoint: t.sandbox.url, forcePathStyle: true, credentials, maxAttempts: 1 });
  try {
    return { ok: true as const, output: await client.send(new ListBucketsCommand({ MaxBuckets: 1 })) };
  } catch (error) {
    return { ok: false as const, error: error as S3Failure };
  } finally {
    client.destroy();
  }
}

describe("S3 ListBuckets in the sandbox", () => {
  let t: TestSandbox;
  let n = 0;

  beforeAll(async () => {
    t = await startTestSandbox();
  });
  afterEach(async () => {
    await t.control("DELETE", "/_sandbox/faults");
  });
  afterAll(() => t.close());

  /** A new role through the control API (extra fields as given) and a session of it. */
  async function roleSession(extra: Record<string, unknown> = {}) {
    const arn = await t.createRole(ACCOUNT, `Probe${++n}`, externalIdTrust(t.partner.accountId, EXTERNAL_ID), extra);
    const assumed = await tryAssume(t.sts(), { RoleArn: arn, ExternalId: EXTERNAL_ID });
    if (!assumed.ok) throw assumed.error;
    return { arn, credentials: sessionCredentials(assumed.result) };
  }

  const putPolicies = (arn: string, body: unknown) => t.control("PUT", `/_sandbox/roles/${encodeURIComponent(arn)}/policies`, body);

  it("lists (no) buckets for a control-API role, which gets AmazonS3ReadOnlyAccess by default", async () => {
    const { arn, credentials } = await roleSession();
    const role = (await t.control("GET", "/_sandbox/roles")).body.roles.find((r: { arn: string }) => r.arn === arn);
    expect(role).toMatchObject({ managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"], inlinePolicies: {} });
    const result = await listBuckets(t, credentials);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.output.Buckets ?? []).toEqual([]);
    expect(result.output.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    expect(result.output.$metadata.requestId).toMatch(/^[0-9A-F]{16}$/);
  });

  it.each([
    ["ReadOnlyAccess", true],
    ["SecurityAudit", true],
    ["AmazonS3ReadOnlyAccess", true],
    ["AmazonEC2ReadOnlyAccess", false],
  ])("evaluates the AWS managed policy %s", async (name, allowed) => {
    const { credentials } = await roleSession({ managedPolicyArns: [`arn:aws:iam::aws:policy/${name}`] });
    expect((await listBuckets(t, credentials)).ok).toBe(allowed);
  });

  it("denies a role without identity policies with S3's AccessDenied", async () => {
    const { credentials } = await roleSession({ managedPolicyArns: [] });
    const result = await listBuckets(t, credentials);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.name).toBe("AccessDenied");
    expect(result.error.$metadata.httpStatusCode).toBe(403);
    expect(result.error.message).toMatch(/not authorized to perform: s3:ListAllMyBuckets because no identity-based policy allows/);
    expect(result.error.$metadata.requestId).toMatch(/^[0-9A-F]{16}$/);
  });

  it("grants through an inline policy, and an explicit Deny wins over the managed policy's Allow", async () => {
    const inline = await roleSession({ managedPolicyArns: [], inlinePolicies: { List: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }] } } });
    expect((await listBuckets(t, inline.credentials)).ok).toBe(true);

    const { arn, credentials } = await roleSession();
    const deny = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:List*", Resource: "*" }] };
    expect((await putPolicies(arn, { inlinePolicies: { NoListing: deny } })).status).toBe(200);
    const result = await listBuckets(t, credentials);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.name).toBe("AccessDenied");
    expect(result.error.message).toMatch(/with an explicit deny in an identity-based policy/);
  });

  it("follows policy changes through the control API at once: removed, then restored", async () => {
    const { arn, credentials } = await roleSession();
    const removed = await putPolicies(arn, { managedPolicyArns: [] });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ arn, managedPolicyArns: [] });
    expect((await listBuckets(t, credentials)).ok).toBe(false);
    expect((await putPolicies(arn, { managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"] })).status).toBe(200);
    expect((await listBuckets(t, credentials)).ok).toBe(true);
  });

  it("refuses a bad signature, an unknown key, an expired session and the partner's own key", async () => {
    const { credentials } = await roleSession();
    const badSignature = await listBuckets(t, { ...credentials, secretAccessKey: "x".repeat(40) });
    expect(badSignature.ok || [badSignature.error.name, badSignature.error.$metadata.httpStatusCode]).toEqual(["SignatureDoesNotMatch", 403]);

    const unknown = await listBuckets(t, { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "x".repeat(40) });
    expect(unknown.ok || [unknown.error.name, unknown.error.$metadata.httpStatusCode]).toEqual(["InvalidAccessKeyId", 403]);

    // A session that ended a minute ago, signed with the sandbox's own key as AssumeRole would have issued it.
    const key = Buffer.from(JSON.parse(readFileSync(join(t.dataDir, "state.json"), "utf8")).sessionKey, "hex");
    const role = (await t.control("GET", "/_sandbox/roles")).body.roles[0];
    const expired = mintSession(key, { partition: "aws", accountId: role.accountId, roleArn: role.arn, roleName: role.roleName, roleId: role.roleId, sessionName: "old", expiresAt: Date.now() - 60_000, chained: false });
    const late = await listBuckets(t, expired);
    expect(late.ok || [late.error.name, late.error.$metadata.httpStatusCode]).toEqual(["ExpiredToken", 400]);

    const partner = await listBuckets(t, t.partner);
    expect(partner.ok || partner.error.name).toBe("AccessDenied");

    const log = t.logs.join("\n");
    expect(log).toMatch(/s3 ListBuckets 200 arn:aws:sts::/);
    for (const secret of [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken!, expired.sessionToken, t.partner.secretAccessKey]) {
      expect(log).not.toContain(secret);
    }
  });

  it("answers anything but ListBuckets, and malformed requests, with S3's 4xx XML errors", async () => {
    const { credentials } = await roleSession();
    const client = new S3Client({ region: "us-east-1", endpoint: t.sandbox.url, forcePathStyle: true, credentials, maxAttempts: 1 });
    const { HeadBucketCommand } = await import("@aws-sdk/client-s3");
    await expect(client.send(new HeadBucketCommand({ Bucket: "no-such-bucket" }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    client.destroy();

    const scope = `AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/s3/aws4_request`;
    for (const [init, status, code] of [
      [{ headers: { authorization: `AWS4-HMAC-SHA256 Credential=${scope}` } }, 400, "AuthorizationHeaderMalformed"],
      [{ headers: { authorization: `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host, Signature=00` } }, 403, "InvalidAccessKeyId"],
      [{ method: "PUT", body: "x".repeat(70_000), headers: { authorization: `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host, Signature=00` } }, 400, "MaxMessageLengthExceeded"],
    ] as const) {
      const response = await fetch(`${t.sandbox.url}/`, init);
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toBe("application/xml");
      const body = await response.text();
      expect(body).toContain(`<Code>${code}</Code>`);
      expect(body).toMatch(/<RequestId>[0-9A-F]{16}<\/RequestId>/);
    }
  });

  it("takes ListBuckets faults by name only: `*` is STS's", async () => {
    const { credentials } = await roleSession();
    expect((await t.control("POST", "/_sandbox/faults", { action: "*", kind: "throttle" })).status).toBe(201);
    expect((await listBuckets(t, credentials)).ok).toBe(true);
    await t.control("DELETE", "/_sandbox/faults");
    expect((await t.control("POST", "/_sandbox/faults", { action: "ListBuckets", kind: "throttle", count: 1 })).status).toBe(201);
    const throttled = await listBuckets(t, credentials);
    expect(throttled.ok || [throttled.error.name, throttled.error.$metadata.httpStatusCode]).toEqual(["SlowDown", 503]);
    expect((await listBuckets(t, credentials)).ok).toBe(true);
    expect((await t.control("POST", "/_sandbox/faults", { action: "ListBuckets", kind: "region-disabled" })).status).toBe(400);
  });

  it("refuses bad policy updates with a clear 4xx and changes nothing", async () => {
    const { arn, credentials } = await roleSession();
    const missing = await putPolicies("arn:aws:iam::444444444444:role/Nobody", { managedPolicyArns: [] });
    expect(missing).toMatchObject({ status: 404, body: { error: { code: "NoSuchEntity" } } });
    for (const [body, code] of [
      [{}, "ValidationError"],
      [{ managedPolicyArns: ["AmazonS3ReadOnlyAccess"] }, "ValidationError"],
      [{ managedPolicyArns: [], extra: 1 }, "ValidationError"],
      [{ inlinePolicies: { Bad: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" }] } } }, "MalformedPolicyDocument"],
      [{ inlinePolicies: { Bad: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*" }] } } }, "MalformedPolicyDocument"],
      [{ inlinePolicies: { Bad: "{not json" } }, "MalformedPolicyDocument"],
    ] as const) {
      const res = await putPolicies(arn, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(code);
    }
    const text = await fetch(`${t.sandbox.url}/_sandbox/roles/${encodeURIComponent(arn)}/policies`, { method: "PUT", headers: { "content-type": "text/plain" }, body: "{}" });
    expect(text.status).toBe(415);
    expect((await listBuckets(t, credentials)).ok).toBe(true);
  });
});
