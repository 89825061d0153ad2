import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerIdentity, startTestSandbox, type TestSandbox, tryAssume } from "./helpers";
import { rawRequest, signedPost } from "./raw-sts";

describe("malformed STS requests get AWS's errors and the server stays up", () => {
  let t: TestSandbox;
  const role = "arn:aws:iam::222222222222:role/Anything";

  beforeAll(async () => {
    t = await startTestSandbox();
  });
  afterAll(() => t.close());

  it.each([
    ["an unknown action", "Action=DeleteEverything&Version=2011-06-15", 400, "InvalidAction", "Could not find operation DeleteEverything for version 2011-06-15"],
    ["a wrong version", "Action=AssumeRole&Version=2099-01-01", 400, "InvalidAction", "Could not find operation AssumeRole for version 2099-01-01"],
    ["no version", "Action=GetCallerIdentity", 400, "InvalidAction", "Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED"],
    ["no action", "Version=2011-06-15", 400, "MissingAction", "Missing Action"],
    ["a body that is not a form", "\u0000\u0001{{not a form%%%", 400, "MissingAction", "Missing Action"],
  ])("answers %s", async (_label, body, status, code, message) => {
    const res = await signedPost(t.sandbox.url, body, t.partner);
    expect(res.status).toBe(status);
    expect(res.code).toBe(code);
    expect(res.message).toBe(message);
    expect(res.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).toMatch(/^<ErrorResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type>/);
  });

  it("answers an oversized body with 413 and keeps serving", async () => {
    const res = await rawRequest(t.sandbox.url + "/", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=GetCallerIdentity&Version=2011-06-15&Pad=" + "x".repeat(200_000),
    });
    expect(res.status).toBe(413);
    expect(res.code).toBe("RequestEntityTooLarge");
    expect((await callerIdentity(t.sts())).Account).toBe("111111111111");
  });

  /** Writes raw bytes to the server and returns everything it answers. */
  const rawExchange = (bytes: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(t.sandbox.url).port), "127.0.0.1");
      let data = "";
      socket.on("data", (chunk) => (data += chunk.toString()));
      socket.on("end", () => resolve(data));
      socket.on("error", reject);
      socket.write(bytes);
    });

  it("survives garbage that is not HTTP at all, and request targets that are not paths", async () => {
    expect(await rawExchange("\u0016\u0003\u0001 not http at all\r\n\r\n")).toMatch(/^HTTP\/1.1 400/);
    expect(await rawExchange("GET // HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")).toMatch(/^HTTP\/1.1 400/);
    expect((await callerIdentity(t.sts())).Account).toBe("111111111111");
  });

  it.each([
    [
      "a session name with a space",
      { RoleSessionName: "has space" },
      "1 validation error detected: Value 'has space' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    ],
    [
      "a one-character session name",
      { RoleSessionName: "x" },
      "1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
    ],
    [
      "an empty External ID",
      { ExternalId: "" },
      "1 validation error detected: Value '' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2",
    ],
    [
      "an External ID with a forbidden character",
      { ExternalId: "abc#def" },
      "1 validation error detected: Value 'abc#def' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*",
    ],
    [
      "an External ID over 1224 characters",
      { ExternalId: "a".repeat(1225) },
      `1 validation error detected: Value '${"a".repeat(1225)}' at 'externalId' failed to satisfy constraint: Member must have length less than or equal to 1224`,
    ],
    [
      "a duration under 900 seconds",
      { DurationSeconds: 899 },
      "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    ],
    [
      "several problems at once",
      { RoleSessionName: "x", ExternalId: "y" },
      "2 validation errors detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; Value 'y' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2",
    ],
  ])("refuses %s with ValidationError", async (_label, input, message) => {
    const res = await tryAssume(t.sts(), { RoleArn: role, ...input });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.name).toBe("ValidationError");
    expect(res.error.message).toBe(message);
    expect(res.error.$metadata.httpStatusCode).toBe(400);
  });

  it("refuses a role ARN that is not an ARN", async () => {
    const res = await tryAssume(t.sts(), { RoleArn: "not-an-arn-but-long-enough" });
    expect(res.ok ? "" : res.error.message).toBe("Request ARN is invalid");
  });

  it("accepts the Query API as a GET with the parameters in the query string", async () => {
    const res = await rawRequest(`${t.sandbox.url}/?Action=GetCallerIdentity&Version=2011-06-15`);
    expect(res.code).toBe("MissingAuthenticationToken");
  });

  it("answers unknown paths with 404 and never crashes on odd URLs", async () => {
    expect((await rawRequest(`${t.sandbox.url}/nope`)).status).toBe(404);
    expect((await rawRequest(`${t.sandbox.url}/_sandbox/roles/%E0%A4%A`, { method: "DELETE" })).status).toBe(400);
    expect((await callerIdentity(t.sts())).Account).toBe("111111111111");
  });
});
