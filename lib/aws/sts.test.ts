import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { classifyStsError } from "./aws-errors";
import { createStsGateway, type SdkStsGateway } from "./sts";
import { fakeCredentials } from "@/tests/support/fake-sts";

/**
 * The SDK adapter against a loopback HTTP server that answers like STS's
 * Query API, so the real client, handler, signing and XML parsing all run.
 */

interface Seen {
  params: URLSearchParams;
  authorization: string;
  securityToken?: string;
  userAgent: string;
}
type Answer = { status: number; body: string } | "hang";

const NS = "https://sts.amazonaws.com/doc/2011-06-15/";
const ok = (action: string, result: string) => ({
  status: 200,
  body: `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>req-${action}</RequestId></ResponseMetadata></${action}Response>`,
});
const failure = (status: number, code: string, message: string) => ({
  status,
  body: `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>req-${code}</RequestId></ErrorResponse>`,
});

const temp = fakeCredentials();
/** Made-up partner keys, shaped like real ones. */
const PARTNER = { accessKeyId: "AKIAPARTNEREXAMPLE01", secretAccessKey: "partner-secret-partner-secret-partner-se" };
const ROLE = "arn:aws:iam::123456789012:role/RolegateAccess";
const assumed = ok(
  "AssumeRole",
  `<Credentials><AccessKeyId>${temp.accessKeyId}</AccessKeyId><SecretAccessKey>${temp.secretAccessKey}</SecretAccessKey><SessionToken>${temp.sessionToken}</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/RolegateAccess/s</Arn></AssumedRoleUser>`,
);
const identity = ok(
  "GetCallerIdentity",
  "<UserId>AROAEXAMPLE:s</UserId><Account>123456789012</Account><Arn>arn:aws:sts::123456789012:assumed-role/RolegateAccess/s</Arn>",
);

let server: Server;
let endpoint: string;
let gateway: SdkStsGateway;
const seen: Seen[] = [];
const answers: Answer[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const token = req.headers["x-amz-security-token"];
      seen.push({ params: new URLSearchParams(body), authorization: String(req.headers.authorization), userAgent: String(req.headers["user-agent"]), ...(typeof token === "string" && { securityToken: token }) });
      const answer = answers.shift() ?? failure(500, "InternalFailure", "no answer queued");
      if (answer === "hang") return;
      res.writeHead(answer.status, { "content-type": "text/xml", "x-amzn-requestid": /<RequestId>([^<]+)</.exec(answer.body)![1] });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  gateway = createStsGateway({
    region: "us-east-1",
    endpoint,
    credentials: PARTNER,
    timeoutMs: 300,
  });
});

afterAll(async () => {
  gateway.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen.length = 0;
  answers.length = 0;
});

describe("createStsGateway", () => {
  it("assumes a role with the External ID, signed as the partner", async () => {
    answers.push(assumed);
    const out = await gateway.partner.assumeRole({ roleArn: ROLE, roleSessionName: "rolegate-verify-1", externalId: "rolegate-x", durationSeconds: 900 });
    expect(out.credentials).toMatchObject({ accessKeyId: temp.accessKeyId, secretAccessKey: temp.secretAccessKey, sessionToken: temp.sessionToken });
    expect(out.assumedRoleArn).toBe("arn:aws:sts::123456789012:assumed-role/RolegateAccess/s");
    expect(out.requestId).toBe("req-AssumeRole");
    const [request] = seen;
    expect(Object.fromEntries(request!.params)).toMatchObject({
      Action: "AssumeRole",
      RoleArn: ROLE,
      RoleSessionName: "rolegate-verify-1",
      ExternalId: "rolegate-x",
      DurationSeconds: "900",
    });
    expect(request!.authorization).toContain("Credential=AKIAPARTNEREXAMPLE01/");
    expect(request!.securityToken).toBeUndefined();
  });

  it("sends no ExternalId at all for the negative check", async () => {
    answers.push(failure(403, "AccessDenied", "not authorized"));
    // The refusal that the negative check expects, as STS sent it: not some other failure.
    await expect(gateway.partner.assumeRole({ roleArn: ROLE, roleSessionName: "s", durationSeconds: 900 })).rejects.toMatchObject({
      name: "AccessDenied",
      message: "not authorized",
      $metadata: { httpStatusCode: 403, requestId: "req-AccessDenied" },
    });
    expect(seen[0]!.params.has("ExternalId")).toBe(false);
  });

  it("asks who it is with the temporary credentials", async () => {
    answers.push(identity);
    const out = await gateway.withCredentials(temp).getCallerIdentity();
    expect(out).toEqual({
      account: "123456789012",
      arn: "arn:aws:sts::123456789012:assumed-role/RolegateAccess/s",
      userId: "AROAEXAMPLE:s",
      requestId: "req-GetCallerIdentity",
    });
    expect(seen[0]!.authorization).toContain(`Credential=${temp.accessKeyId}/`);
    expect(seen[0]!.securityToken).toBe(temp.sessionToken);
  });

  it("signs each role session's calls with that session's credentials, however many run at once", async () => {
    const sessions = Array.from({ length: 3 }, () => fakeCredentials());
    answers.push(identity, identity, identity);
    await Promise.all(sessions.map((credentials) => gateway.withCredentials(credentials).getCallerIdentity()));
    expect(seen.map((s) => /Credential=([A-Z0-9]+)\//.exec(s.authorization)![1]).sort()).toEqual(sessions.map((c) => c.accessKeyId).sort());
    expect(seen.map((s) => s.securityToken).sort()).toEqual(sessions.map((c) => c.sessionToken).sort());
  });

  it("gives a role session's client the settings the partner's client resolved from the environment", async () => {
    const before = process.env.AWS_SDK_UA_APP_ID;
    process.env.AWS_SDK_UA_APP_ID = "rolegate-settings-test";
    const withAppId = createStsGateway({ region: "us-east-1", endpoint, credentials: PARTNER, timeoutMs: 300 });
    try {
      answers.push(identity, identity);
      await withAppId.withCredentials(temp).getCallerIdentity();
      process.env.AWS_SDK_UA_APP_ID = "changed-after-resolution";
      await withAppId.withCredentials(fakeCredentials()).getCallerIdentity();
      expect(seen.map((s) => s.userAgent)).toEqual([expect.stringContaining("app/rolegate-settings-test"), expect.stringContaining("app/rolegate-settings-test")]);
    } finally {
      withAppId.destroy();
      if (before === undefined) delete process.env.AWS_SDK_UA_APP_ID;
      else process.env.AWS_SDK_UA_APP_ID = before;
    }
  });

  it.each([
    [403, "AccessDenied", "access-denied"],
    [400, "Throttling", "throttled"],
    [500, "InternalFailure", "aws-unavailable"],
    [403, "RegionDisabledException", "region-disabled"],
    [403, "InvalidClientTokenId", "partner-credentials"],
  ])("turns a %i %s into one failed request (no SDK retries), classified %s", async (status, code, kind) => {
    answers.push(failure(status, code, "raw text"), assumed, assumed);
    const error = await gateway.partner.assumeRole({ roleArn: ROLE, roleSessionName: "s", externalId: "ab", durationSeconds: 900 }).catch((e: unknown) => e);
    expect(classifyStsError(error)).toMatchObject({ kind, code, requestId: `req-${code}`, httpStatus: status });
    expect(seen).toHaveLength(1);
  });

  it("times out a request that gets no answer", async () => {
    answers.push("hang");
    const started = Date.now();
    const error = await gateway.partner.assumeRole({ roleArn: ROLE, roleSessionName: "s", durationSeconds: 900 }).catch((e: unknown) => e);
    expect(classifyStsError(error).kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("stops a request when its signal aborts", async () => {
    answers.push("hang");
    const controller = new AbortController();
    const pending = gateway.partner.assumeRole({ roleArn: ROLE, roleSessionName: "s", durationSeconds: 900 }, controller.signal).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 20);
    expect(classifyStsError(await pending, controller.signal).kind).toBe("aborted");
  });

  it("reports an unreachable endpoint as a network failure", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = createStsGateway({ region: "us-east-1", endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: "AKIAX", secretAccessKey: "y" }, timeoutMs: 500 });
    const error = await unreachable.partner.assumeRole({ roleArn: ROLE, roleSessionName: "s", durationSeconds: 900 }).catch((e: unknown) => e);
    unreachable.destroy();
    expect(classifyStsError(error).kind).toBe("network");
  });
});
