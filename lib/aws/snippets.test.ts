import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { hclString, hclValue } from "./hcl";
import { type PermissionSet, requirePermissionSet } from "./permission-sets";
import { shellQuote } from "./shell-quote";
import {
  accessPolicy,
  createStackCommand,
  inlinePolicyJson,
  type RoleSnippetInput,
  terraformSnippet,
  trustPolicy,
  trustPolicyJson,
} from "./snippets";
import { buildRoleTemplate } from "./template";

const PARTNER = "111122223333";
const EXTERNAL_ID = "rolegate-Ab,c=d@e:f/g";
const s3 = requirePermissionSet("s3-read-only");
const input: RoleSnippetInput = { partition: "aws", partnerAccountId: PARTNER, externalId: EXTERNAL_ID, permissionSet: s3 };

const scratch = mkdtempSync(join(tmpdir(), "rolegate-shell-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs a command line in a POSIX shell with `aws` replaced by a function that prints its arguments. */
function argvOf(commandLine: string): string[] {
  const script = `aws() { for a in "$@"; do printf '%s\\0' "$a"; done; }\n${commandLine}\n`;
  const run = spawnSync("sh", ["-c", script], { cwd: scratch, encoding: "utf8" });
  expect(run.status).toBe(0);
  return run.stdout.split("\0").slice(0, -1);
}

describe("createStackCommand", () => {
  const stack = { region: "eu-west-1", stackName: "Rolegate", templateUrl: "https://b.s3.amazonaws.com/t.yaml", externalId: EXTERNAL_ID };

  it("passes exactly the intended arguments to the AWS CLI", () => {
    const argv = argvOf(createStackCommand({ ...stack, roleName: "RolegateAccess" }));
    expect(argv.slice(0, 12)).toEqual([
      "cloudformation", "create-stack",
      "--region", "eu-west-1",
      "--stack-name", "Rolegate",
      "--template-url", stack.templateUrl,
      "--capabilities", "CAPABILITY_NAMED_IAM",
      "--parameters", argv[11],
    ]);
    expect(argv).toHaveLength(12);
    // JSON, not the CLI shorthand: the comma in the External ID stays inside the value.
    expect(JSON.parse(argv[11]!)).toEqual([
      { ParameterKey: "ExternalId", ParameterValue: EXTERNAL_ID },
      { ParameterKey: "RoleName", ParameterValue: "RolegateAccess" },
    ]);
  });

  it("cannot be broken out of by quotes or shell syntax in a value", () => {
    const templateUrl =
      "https://b.s3.amazonaws.com/t.yaml?x='$(touch${IFS}pwned1)'`touch${IFS}pwned2`;touch${IFS}pwned3&y=\"$(touch${IFS}pwned4)\"'\\''";
    const argv = argvOf(createStackCommand({ ...stack, templateUrl }));
    expect(argv[argv.indexOf("--template-url") + 1]).toBe(templateUrl);
    for (const file of ["pwned1", "pwned2", "pwned3", "pwned4"]) expect(existsSync(join(scratch, file))).toBe(false);
  });

  it("refuses values it should never have been given", () => {
    expect(() => createStackCommand({ ...stack, region: "eu-west-1;rm" })).toThrow(/region/);
    expect(() => createStackCommand({ ...stack, stackName: "a b" })).toThrow(/stack name/);
    expect(() => createStackCommand({ ...stack, externalId: "x y" })).toThrow(/External ID/);
    expect(() => createStackCommand({ ...stack, templateUrl: "https://x/t.yaml\n rm -rf /" })).toThrow(/templateUrl/);
    expect(() => createStackCommand({ ...stack, roleName: "a'b" })).toThrow(/role name/);
  });
});

describe("shellQuote", () => {
  const echo = (value: string) =>
    spawnSync("sh", ["-c", `printf '%s' ${shellQuote(value)}`], { cwd: scratch, encoding: "buffer" }).stdout;

  it("makes every string one shell word that means exactly itself", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary-ascii" }), fc.string({ unit: "grapheme" })), (value) => {
        fc.pre(!value.includes("\0"));
        expect(echo(value).equals(Buffer.from(value, "utf8"))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it("leaves plain words bare and quotes the rest", () => {
    expect(shellQuote("eu-west-1")).toBe("eu-west-1");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote("")).toBe("''");
    expect(shellQuote("=cmd")).toBe("'=cmd'");
    expect(() => shellQuote("a\0b")).toThrow(RangeError);
  });
});

describe("policies for hand-made roles", () => {
  it("give the same trust policy as the template, with the values written in", () => {
    const verifierRoleArn = `arn:aws:iam::${PARTNER}:role/verifier`;
    const template = buildRoleTemplate({ partnerAccountId: PARTNER, verifierRoleArn, permissionSet: s3, version: "1" });
    const resolved = JSON.parse(
      JSON.stringify(template.Resources.Role.Properties.AssumeRolePolicyDocument)
        .replace(/\{"Fn::Sub":"([^"]*)"\}/g, (_, s: string) => JSON.stringify(s.replace("${AWS::Partition}", "aws")))
        .replace(/\{"Ref":"ExternalId"\}/g, JSON.stringify(EXTERNAL_ID)),
    );
    expect(trustPolicy({ ...input, verifierRoleArn })).toEqual(resolved);
  });

  it("use the given partition", () => {
    const policy = JSON.parse(trustPolicyJson({ ...input, partition: "aws-cn" }));
    expect(policy.Statement[0].Principal.AWS).toBe(`arn:aws-cn:iam::${PARTNER}:root`);
    expect(policy.Statement[0].Condition.StringEquals["sts:ExternalId"]).toBe(EXTERNAL_ID);
    expect(accessPolicy("aws-us-gov", s3)).toEqual({ managedPolicyArns: ["arn:aws-us-gov:iam::aws:policy/AmazonS3ReadOnlyAccess"] });
    expect(inlinePolicyJson("aws", s3)).toBeUndefined();
  });

  it("give an inline policy when the permission set has statements", () => {
    const custom: PermissionSet = { ...s3, inlineStatements: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] };
    expect(JSON.parse(inlinePolicyJson("aws", custom)!)).toEqual({ Version: "2012-10-17", Statement: custom.inlineStatements });
  });

  it("refuse a bad External ID, account or verifier", () => {
    expect(() => trustPolicy({ ...input, externalId: "no spaces" })).toThrow(/externalId/);
    expect(() => trustPolicy({ ...input, partnerAccountId: "1" })).toThrow(/partnerAccountId/);
    expect(() => trustPolicy({ ...input, verifierRoleArn: `arn:aws-cn:iam::${PARTNER}:role/v` })).toThrow(/verifierRoleArn/);
  });
});

describe("terraformSnippet", () => {
  it("creates the role with the same trust, the managed policies and an output", () => {
    const hcl = terraformSnippet({ ...input, verifierRoleArn: `arn:aws:iam::${PARTNER}:role/verifier` });
    expect(hcl).toContain('resource "aws_iam_role" "rolegate"');
    expect(hcl).toContain('name                 = "RolegateAccess"');
    expect(hcl).toContain(`AWS = "arn:aws:iam::${PARTNER}:root"`);
    expect(hcl).toContain(`"sts:ExternalId"   = "${EXTERNAL_ID}"`);
    expect(hcl).toContain(`"aws:PrincipalArn" = "arn:aws:iam::${PARTNER}:role/verifier"`);
    expect(hcl).toContain('Action    = "sts:AssumeRole"');
    expect(hcl).toContain('"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",');
    expect(hcl).toContain("policy_arn = each.value");
    expect(hcl).toContain("value       = aws_iam_role.rolegate.arn");
    expect(hcl).not.toContain("aws_iam_role_policy\" ");
    expect(hcl.split("{").length).toBe(hcl.split("}").length);
  });

  it("adds an inline policy when the permission set has statements", () => {
    const custom: PermissionSet = { ...s3, managedPolicies: [], inlineStatements: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "*" }] };
    const hcl = terraformSnippet({ ...input, permissionSet: custom, roleName: "Other" });
    expect(hcl).toContain('resource "aws_iam_role_policy" "rolegate"');
    expect(hcl).not.toContain("aws_iam_role_policy_attachment");
    expect(hcl).toContain('name                 = "Other"');
  });
});

describe("HCL rendering", () => {
  it("escapes what Terraform would otherwise interpret", () => {
    expect(hclString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(hclString("${var.x} %{if}")).toBe('"$${var.x} %%{if}"');
    expect(hclString("line\nbreak\u0001")).toBe('"line\\nbreak\\u0001"');
  });

  it("writes objects with quoted keys where needed, arrays and scalars", () => {
    expect(hclValue({ a: 1, "b:c": [true, null, "x"], skip: undefined })).toBe(
      '{\n  a     = 1\n  "b:c" = [\n    true,\n    null,\n    "x",\n  ]\n}',
    );
    expect(() => hclValue(new Date())).toThrow(TypeError);
    expect(() => hclValue(Number.NaN)).toThrow(TypeError);
  });
});
