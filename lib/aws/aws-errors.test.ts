import { ExpiredTokenException, RegionDisabledException, STSServiceException } from "@aws-sdk/client-sts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyStsError, isTransient, type StsErrorKind } from "./aws-errors";
import { redactSecrets } from "./redact";
import { fakeCredentials } from "@/tests/support/fake-sts";

const meta = (httpStatusCode: number) => ({ httpStatusCode, requestId: "0f6a-req" });
const service = (name: string, httpStatusCode = 400) =>
  new STSServiceException({ name, $fault: httpStatusCode >= 500 ? "server" : "client", $metadata: meta(httpStatusCode), message: `${name} happened` });
const node = (code: string, name = "Error") => Object.assign(new Error(`socket ${code}`), { code, name });

describe("classifyStsError", () => {
  it.each<[string, unknown, StsErrorKind, string | undefined]>([
    ["AccessDenied", service("AccessDenied", 403), "access-denied", "AccessDenied"],
    ["Throttling", service("Throttling"), "throttled", "Throttling"],
    ["an unknown code with HTTP 429", service("Whatever", 429), "throttled", "Whatever"],
    ["RegionDisabledException", new RegionDisabledException({ $metadata: meta(403), message: "off" }), "region-disabled", "RegionDisabledException"],
    ["ExpiredTokenException", new ExpiredTokenException({ $metadata: meta(400), message: "old" }), "partner-credentials", "ExpiredTokenException"],
    ["ExpiredToken", service("ExpiredToken"), "partner-credentials", "ExpiredToken"],
    ["InvalidClientTokenId", service("InvalidClientTokenId", 403), "partner-credentials", "InvalidClientTokenId"],
    ["SignatureDoesNotMatch", service("SignatureDoesNotMatch", 403), "partner-credentials", "SignatureDoesNotMatch"],
    ["a credential provider error", Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }), "partner-credentials", "CredentialsProviderError"],
    ["RequestExpired (clock skew)", service("RequestExpired"), "clock-skew", "RequestExpired"],
    ["ValidationError", service("ValidationError"), "validation", "ValidationError"],
    ["InternalFailure", service("InternalFailure", 500), "aws-unavailable", "InternalFailure"],
    ["an unknown 503", service("Odd", 503), "aws-unavailable", "Odd"],
    ["the HTTP handler's TimeoutError", Object.assign(new Error("timed out"), { name: "TimeoutError", code: "ETIMEDOUT" }), "timeout", "TimeoutError"],
    ["ETIMEDOUT", node("ETIMEDOUT"), "timeout", "ETIMEDOUT"],
    ["a dropped connection the HTTP handler renamed TimeoutError", Object.assign(new Error("socket hang up"), { name: "TimeoutError", code: "ECONNRESET" }), "network", "ECONNRESET"],
    ["a broken pipe the HTTP handler renamed TimeoutError", Object.assign(new Error("write EPIPE"), { name: "TimeoutError", code: "EPIPE" }), "network", "EPIPE"],
    ["ECONNREFUSED", node("ECONNREFUSED"), "network", "ECONNREFUSED"],
    ["ECONNREFUSED inside an AggregateError", node("ECONNREFUSED", "AggregateError"), "network", "ECONNREFUSED"],
    ["ENOTFOUND", node("ENOTFOUND"), "network", "ENOTFOUND"],
    ["AbortError", Object.assign(new Error("Request aborted"), { name: "AbortError" }), "aborted", "AbortError"],
    ["an unknown client error", service("SomethingNew"), "unknown", "SomethingNew"],
    ["a plain Error", new Error("boom"), "unknown", undefined],
    ["a string", "boom", "unknown", undefined],
    ["null", null, "unknown", undefined],
    ["a number", 42, "unknown", undefined],
  ])("%s", (_, error, kind, code) => {
    const info = classifyStsError(error);
    expect(info.kind).toBe(kind);
    expect(info.code).toBe(code);
  });

  it("keeps the request id and status for the details disclosure", () => {
    expect(classifyStsError(service("AccessDenied", 403))).toMatchObject({ requestId: "0f6a-req", httpStatus: 403, detail: "AccessDenied happened" });
  });

  it("calls anything that fails after the caller aborted an abort", () => {
    const controller = new AbortController();
    controller.abort();
    expect(classifyStsError(service("Throttling"), controller.signal).kind).toBe("aborted");
  });

  it("redacts key material from the message and refuses odd codes and request ids", () => {
    const creds = fakeCredentials();
    const error = new STSServiceException({
      name: creds.accessKeyId,
      $fault: "client",
      $metadata: { httpStatusCode: 400, requestId: "<img src=x>" },
      message: `bad ${creds.accessKeyId} ${creds.secretAccessKey} ${creds.sessionToken}`,
    });
    const info = classifyStsError(error);
    const text = JSON.stringify(info);
    for (const secret of [creds.accessKeyId, creds.secretAccessKey, creds.sessionToken.slice(0, 30)]) expect(text).not.toContain(secret);
    expect(info.code).toBe("[redacted]");
    expect(info.requestId).toBe("[redacted]");
  });

  it("never throws, whatever it is given", () => {
    fc.assert(fc.property(fc.anything(), (value) => void classifyStsError(value)));
  });

  it("treats only passing troubles as transient", () => {
    expect(["throttled", "timeout", "network", "aws-unavailable", "clock-skew"].every((k) => isTransient(k as StsErrorKind))).toBe(true);
    expect(["access-denied", "aborted", "partner-credentials", "region-disabled", "validation", "unknown"].some((k) => isTransient(k as StsErrorKind))).toBe(false);
  });
});

describe("redactSecrets", () => {
  it("removes access key ids, secrets and session tokens", () => {
    const c = fakeCredentials();
    const out = redactSecrets(`id=${c.accessKeyId} secret=${c.secretAccessKey} token=${c.sessionToken} long=AKIAIOSFODNN7EXAMPLE`);
    expect(out).toBe("id=[redacted] secret=[redacted] token=[redacted] long=[redacted]");
  });

  it("leaves ordinary AWS text alone", () => {
    const text =
      "User: arn:aws:sts::111122223333:assumed-role/verifier/i-0abc is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/RolegateAccess (request 5f1c7c7e-2d1b-4c41-9a4b-0e7d1f2a3b4c)";
    expect(redactSecrets(text)).toBe(text);
  });
});
