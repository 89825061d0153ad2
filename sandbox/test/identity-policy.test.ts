import { describe, expect, it } from "vitest";
import { evaluateIdentity, type RolePolicies } from "../policy/identity";
import { managedPolicyDocument } from "../policy/managed";
import { parseIdentityPolicy, PolicyError } from "../policy/parse";

const caller = { partition: "aws", accountId: "123456789012", arn: "arn:aws:sts::123456789012:assumed-role/R/s", roleArn: "arn:aws:iam::123456789012:role/R" };
const listBuckets = (policies: Partial<RolePolicies>, partition = "aws") =>
  evaluateIdentity(
    { managedPolicyArns: [], inlinePolicies: {}, ...policies },
    { caller: { ...caller, partition }, action: "s3:ListAllMyBuckets", resource: `arn:${partition}:s3:::*`, context: { "aws:principalarn": caller.roleArn } },
  ).effect;
const doc = (...Statement: Record<string, unknown>[]) => ({ Version: "2012-10-17", Statement });

describe("identity policy evaluation", () => {
  it.each(["AmazonS3ReadOnlyAccess", "ReadOnlyAccess", "SecurityAudit"])("%s allows s3:ListAllMyBuckets in every partition", (name) => {
    for (const partition of ["aws", "aws-cn", "aws-us-gov"]) {
      expect(listBuckets({ managedPolicyArns: [`arn:${partition}:iam::aws:policy/${name}`] }, partition)).toBe("allow");
    }
  });

  it("grants nothing for managed policies it does not know, customer managed ones included", () => {
    expect(managedPolicyDocument("arn:aws:iam::aws:policy/AdministratorAccess")).toBeUndefined();
    expect(listBuckets({ managedPolicyArns: ["arn:aws:iam::123456789012:policy/AmazonS3ReadOnlyAccess"] })).toBe("implicit-deny");
    expect(listBuckets({})).toBe("implicit-deny");
  });

  it("lets an explicit Deny anywhere win, and matches actions case-insensitively and by wildcard", () => {
    const allow = doc({ Effect: "Allow", Action: "S3:listallmybuckets", Resource: "*" });
    expect(listBuckets({ inlinePolicies: { a: allow } })).toBe("allow");
    expect(listBuckets({ managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"], inlinePolicies: { d: doc({ Effect: "Deny", Action: "s3:*", Resource: "*" }) } })).toBe("explicit-deny");
    expect(listBuckets({ inlinePolicies: { d: doc({ Effect: "Deny", NotAction: "s3:ListAllMyBuckets", Resource: "*" }), a: allow } })).toBe("allow");
  });

  it("needs a resource that covers the account's bucket list", () => {
    expect(listBuckets({ inlinePolicies: { a: doc({ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "arn:aws:s3:::*" }) } })).toBe("allow");
    expect(listBuckets({ inlinePolicies: { a: doc({ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "arn:aws:s3:::my-bucket" }) } })).toBe("implicit-deny");
  });

  it("evaluates conditions against the session's context", () => {
    const onlyFor = (arn: string) => doc({ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*", Condition: { ArnEquals: { "aws:PrincipalArn": arn } } });
    expect(listBuckets({ inlinePolicies: { a: onlyFor(caller.roleArn) } })).toBe("allow");
    expect(listBuckets({ inlinePolicies: { a: onlyFor("arn:aws:iam::123456789012:role/Other") } })).toBe("implicit-deny");
  });

  it("refuses what PutRolePolicy refuses", () => {
    for (const bad of [
      doc({ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" }),
      doc({ Effect: "Allow", Action: "s3:*" }),
      doc({ Effect: "Maybe", Action: "s3:*", Resource: "*" }),
      { Statement: [] },
      "not json",
    ]) {
      expect(() => parseIdentityPolicy(bad)).toThrow(PolicyError);
    }
  });
});
