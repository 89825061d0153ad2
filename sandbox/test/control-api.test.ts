import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerIdentity, externalIdTrust, startTestSandbox, type TestSandbox, tryAssume } from "./helpers";

/** A request with a Host header fetch() would not let us forge. */
function withHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("control API", () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startTestSandbox({ partnerAccountId: "123456789012" });
  });
  afterAll(() => t.close());

  it("GET /_sandbox/info gives the partner identity, its key pair and the endpoints", async () => {
    const res = await t.control("GET", "/_sandbox/info");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      partner: {
        accountId: "123456789012",
        arn: "arn:aws:iam::123456789012:user/rolegate-partner",
        accessKeyId: expect.stringMatching(/^AKIA[A-Z2-7]{16}$/),
        secretAccessKey: expect.stringMatching(/^[A-Za-z0-9+/]{40}$/),
      },
      stsEndpoint: t.sandbox.url,
      snsEndpoint: t.sandbox.url,
      s3Endpoint: t.sandbox.url,
    });
    expect(t.sandbox.info()).toEqual(res.body);
    expect(t.sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("creates, lists and deletes roles; a deleted role can no longer be assumed", async () => {
    const created = await t.control("POST", "/_sandbox/roles", {
      accountId: "210987654321",
      roleName: "Insecure",
      path: "/demo/",
      // JSON text is accepted too, as CreateRole takes it.
      trustPolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }] }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ arn: "arn:aws:iam::210987654321:role/demo/Insecure" });
    const listed = await t.control("GET", "/_sandbox/roles");
    expect(listed.body.roles.map((r: { arn: string }) => r.arn)).toContain(created.body.arn);
    expect((await tryAssume(t.sts(), { RoleArn: created.body.arn })).ok).toBe(true);

    const deleted = await t.control("DELETE", `/_sandbox/roles/${encodeURIComponent(created.body.arn)}`);
    expect(deleted.status).toBe(204);
    const after = await tryAssume(t.sts(), { RoleArn: created.body.arn });
    expect(after.ok ? "allowed" : after.error.name).toBe("AccessDenied");
    expect((await t.control("DELETE", `/_sandbox/roles/${encodeURIComponent(created.body.arn)}`)).status).toBe(404);
  });

  it("refuses a role name already taken in that account, ignoring case, as IAM does", async () => {
    await t.createRole("210987654321", "Taken", externalIdTrust("123456789012", "x1"));
    const again = await t.control("POST", "/_sandbox/roles", { accountId: "210987654321", roleName: "TAKEN", trustPolicy: externalIdTrust("123456789012", "x1") });
    expect(again.status).toBe(409);
    expect(again.body.error).toEqual({ code: "EntityAlreadyExists", message: "Role with name TAKEN already exists." });
    // Names are per account: another account may use it.
    const elsewhere = await t.control("POST", "/_sandbox/roles", { accountId: "310987654321", roleName: "Taken", trustPolicy: externalIdTrust("123456789012", "x1") });
    expect(elsewhere.status).toBe(201);
  });

  it.each([
    ["no Principal", { Statement: [{ Effect: "Allow", Action: "sts:AssumeRole" }] }, "Missing required field Principal"],
    ["a Resource", { Statement: [{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Resource: "*" }] }, "Has prohibited field Resource"],
    ["a wildcard account", { Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::*:root" }, Action: "sts:AssumeRole" }] }, 'Invalid principal in policy: "AWS":"arn:aws:iam::*:root"'],
    ["a bad Effect", { Statement: [{ Effect: "Maybe", Principal: "*", Action: "sts:AssumeRole" }] }, "Invalid effect: Maybe"],
    ["a bad Version", { Version: "2020-01-01", Statement: [] }, "The policy must contain a valid version string"],
    ["JSON that does not parse", "{not json", "Syntax errors in policy."],
    ["an unsupported operator", { Statement: [{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "1" } } }] }, "The sandbox does not support the condition operator NumericLessThan"],
    ["NotPrincipal", { Statement: [{ Effect: "Deny", NotPrincipal: { AWS: "1" }, Action: "sts:AssumeRole" }] }, "The sandbox does not support NotPrincipal in trust policies"],
  ])("refuses a trust policy with %s as MalformedPolicyDocument", async (_label, trustPolicy, message) => {
    const res = await t.control("POST", "/_sandbox/roles", { accountId: "210987654321", roleName: "Bad", trustPolicy });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: "MalformedPolicyDocument", message });
  });

  it.each([
    [{ accountId: "12345", roleName: "R", trustPolicy: {} }, "accountId"],
    [{ accountId: "210987654321", roleName: "has space", trustPolicy: {} }, "roleName"],
    [{ accountId: "210987654321", roleName: "R", path: "no-slashes", trustPolicy: {} }, "path"],
    [{ accountId: "210987654321", roleName: "R" }, "trustPolicy"],
    [{ accountId: "210987654321", roleName: "R", trustPolicy: {}, colour: "blue" }, "colour"],
  ])("refuses a role body %j naming the field", async (body, field) => {
    const res = await t.control("POST", "/_sandbox/roles", body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("ValidationError");
    expect(res.body.error.message).toContain(field);
  });

  it("answers malformed requests with clear JSON errors and keeps serving", async () => {
    const post = (body: string, type?: string) =>
      fetch(`${t.sandbox.url}/_sandbox/roles`, { method: "POST", headers: type ? { "content-type": type } : {}, body });
    const badJson = await post("{oops", "application/json");
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).error.code).toBe("InvalidJson");
    const notJson = await post("accountId=1", "application/x-www-form-urlencoded");
    expect(notJson.status).toBe(415);
    const huge = await post(JSON.stringify({ pad: "x".repeat(300_000) }), "application/json");
    expect(huge.status).toBe(413);
    expect((await t.control("GET", "/_sandbox/nothing-here")).status).toBe(404);
    expect((await t.control("PUT", "/_sandbox/reset")).status).toBe(404);
    expect((await callerIdentity(t.sts())).Account).toBe("123456789012");
  });

  it("answers only requests addressed to loopback (no DNS rebinding)", async () => {
    expect(await withHost(`${t.sandbox.url}/_sandbox/info`, "evil.example:80")).toBe(403);
    expect(await withHost(`${t.sandbox.url}/_sandbox/info`, "localhost")).toBe(200);
  });

  it("reset forgets roles and faults but keeps the partner's key pair", async () => {
    const before = t.sandbox.info().partner;
    await t.createRole("210987654321", "Doomed", externalIdTrust("123456789012", "x1"));
    await t.control("POST", "/_sandbox/faults", { action: "*", kind: "throttle" });
    expect((await t.control("POST", "/_sandbox/reset")).status).toBe(204);
    expect((await t.control("GET", "/_sandbox/roles")).body.roles).toEqual([]);
    expect((await t.control("GET", "/_sandbox/faults")).body.faults).toEqual([]);
    expect(t.sandbox.info().partner).toEqual(before);
    expect((await callerIdentity(t.sts())).Account).toBe("123456789012");
  });
});
