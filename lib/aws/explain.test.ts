import { describe, expect, it } from "vitest";
import type { StsErrorKind } from "./aws-errors";
import { CHECK_IDS, type CheckId } from "./checks";
import { type Explanation, explain } from "./explain";

const KINDS: StsErrorKind[] = [
  "access-denied", "throttled", "timeout", "network", "aborted", "aws-unavailable",
  "region-disabled", "partner-credentials", "clock-skew", "validation", "unknown",
];
const RAW = "RAWTEXT: User: arn:aws:sts::111122223333:assumed-role/v/i-1 is not authorized";
const customerText = (e: Explanation) => [e.title, e.detail, e.nextStep, ...e.causes].join("\n");

describe("explain", () => {
  it.each(CHECK_IDS.flatMap((check) => KINDS.map((kind) => [check, kind] as [CheckId, StsErrorKind])))(
    "%s / %s: a complete explanation, with AWS's own words kept out of the customer's text",
    (check, kind) => {
      const e = explain({ kind: "sts-error", check, error: { kind, code: "SomeCode", requestId: "req-1", detail: RAW }, stsRegion: "eu-west-1" });
      expect(e.title.length).toBeGreaterThan(5);
      expect(e.detail.length).toBeGreaterThan(10);
      expect(e.nextStep.length).toBeGreaterThan(5);
      expect(["customer", "partner", "aws"]).toContain(e.side);
      expect(customerText(e)).not.toContain("RAWTEXT");
      expect(customerText(e)).not.toContain("SomeCode");
      expect(e).toMatchObject({ awsCode: "SomeCode", requestId: "req-1" });
      expect(e.adminDetail).toContain(RAW);
    },
  );

  it("lists the likely causes of AccessDenied and what to check", () => {
    const e = explain({ kind: "sts-error", check: "assume-role", error: { kind: "access-denied", code: "AccessDenied" } });
    expect(e).toMatchObject({ code: "access-denied", side: "customer" });
    const causes = e.causes.join("\n");
    for (const cause of [/not finished|not made the new role usable/, /ExternalId parameter was edited|replaced an older one/, /another role or another account/, /trust policy was changed/, /deleted/, /Organization/]) {
      expect(causes).toMatch(cause);
    }
    expect(e.nextStep).toMatch(/CREATE_COMPLETE/);
    expect(e.adminDetail).toMatch(/partner identity may call sts:AssumeRole/);
  });

  it("says when it already waited for propagation", () => {
    const waited = explain({ kind: "sts-error", check: "assume-role", error: { kind: "access-denied" }, propagationRetried: true });
    const not = explain({ kind: "sts-error", check: "assume-role", error: { kind: "access-denied" } });
    expect(waited.detail).toMatch(/kept answering/);
    expect(not.detail).not.toMatch(/kept answering/);
  });

  it("puts the likely cause first: a wrong ARN when it did not wait, an unready role when it waited", () => {
    const waited = explain({ kind: "sts-error", check: "assume-role", error: { kind: "access-denied" }, propagationRetried: true });
    const not = explain({ kind: "sts-error", check: "assume-role", error: { kind: "access-denied" } });
    expect(not.causes[0]).toMatch(/another role or another account \(check the account id and the role name\)/);
    expect(not.causes[1]).toMatch(/not been created yet/);
    expect(not.causes[2]).toMatch(/trust policy was changed/);
    expect(waited.causes[0]).toMatch(/not made the new role usable/);
  });

  it("shows partner credential problems to the customer as the partner's side, with the reason for admins", () => {
    const e = explain({ kind: "sts-error", check: "assume-role", error: { kind: "partner-credentials", code: "SignatureDoesNotMatch" } });
    expect(e).toMatchObject({ code: "partner-credentials", side: "partner", title: "A problem on the partner's side" });
    expect(e.adminDetail).toMatch(/secret access key does not match/);
    const clock = explain({ kind: "sts-error", check: "assume-role", error: { kind: "clock-skew", code: "RequestExpired" } });
    expect(clock).toMatchObject({ side: "partner", title: "A problem on the partner's side" });
    expect(clock.adminDetail).toMatch(/clock/);
  });

  it("tells the customer to activate STS in the named region when it is disabled", () => {
    const e = explain({ kind: "sts-error", check: "assume-role", error: { kind: "region-disabled" }, stsRegion: "ap-east-1" });
    expect(e).toMatchObject({ code: "region-disabled", side: "customer" });
    expect(e.detail).toContain("ap-east-1");
    expect(e.nextStep).toContain("ap-east-1");
  });

  it("calls a failed negative check inconclusive, whatever the reason", () => {
    const e = explain({ kind: "sts-error", check: "no-external-id-denied", error: { kind: "throttled", code: "Throttling" } });
    expect(e).toMatchObject({ code: "check-inconclusive", side: "aws", awsCode: "Throttling" });
    expect(e.detail).toMatch(/not accepted yet/);
  });

  it("does not blame the partner's keys for a rejected temporary session", () => {
    expect(explain({ kind: "sts-error", check: "caller-identity", error: { kind: "partner-credentials" } }).code).toBe("unknown");
  });

  it("gives the insecure messages, with the fix", () => {
    const without = explain({ kind: "insecure", accepted: "no-external-id", requestId: "req-9" });
    expect(without).toMatchObject({ code: "insecure-no-external-id", side: "customer", requestId: "req-9" });
    expect(without.detail).toBe("This role can be assumed without an External ID. Add the sts:ExternalId condition to its trust policy.");
    const wrong = explain({ kind: "insecure", accepted: "wrong-external-id" });
    expect(wrong.code).toBe("insecure-wrong-external-id");
    expect(wrong.nextStep).toMatch(/StringEquals/);
  });

  it("explains an identity mismatch without putting the session ARN in the customer's text", () => {
    const e = explain({ kind: "identity-mismatch", expectedAccountId: "123456789012", expectedRoleName: "R", actualArn: "arn:aws:sts::999999999999:assumed-role/X/s" });
    expect(e.detail).toContain("123456789012");
    expect(customerText(e)).not.toContain("999999999999");
    expect(e.adminDetail).toContain("999999999999");
  });
});
