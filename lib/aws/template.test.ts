import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { generateExternalId } from "./external-id";
import { DEFAULT_PERMISSION_SET_ID, type PermissionSet, PERMISSION_SETS, requirePermissionSet } from "./permission-sets";
import { buildRoleTemplate, DEFAULT_ROLE_NAME, type RoleTemplate, TEMPLATE_VERSION_TAG, templateJson, templateYaml } from "./template";

const PARTNER = "111122223333";
const s3 = requirePermissionSet(DEFAULT_PERMISSION_SET_ID);
const build = (overrides: Partial<Parameters<typeof buildRoleTemplate>[0]> = {}) =>
  buildRoleTemplate({ partnerAccountId: PARTNER, permissionSet: s3, version: "2025.06.1", ...overrides });

/** Every value in a tree, with the keys that lead to it. */
function* walk(node: unknown, path: string[] = []): Generator<[string[], unknown]> {
  yield [path, node];
  if (node && typeof node === "object") {
    for (const [key, child] of Object.entries(node)) yield* walk(child, [...path, key]);
  }
}

describe("buildRoleTemplate", () => {
  it("survives YAML and JSON unchanged (parsed back as YAML 1.2 and 1.1, and as JSON)", () => {
    const template = build();
    expect(parse(templateYaml(template))).toEqual(template);
    // CloudFormation's parser follows YAML 1.1, where an unquoted 2012-10-17 would be a date.
    expect(parse(templateYaml(template), { version: "1.1" })).toEqual(template);
    expect(JSON.parse(templateJson(template))).toEqual(template);
    expect(templateYaml(template)).toContain('Version: "2012-10-17"');
  });

  it("creates exactly one IAM role and outputs its ARN", () => {
    const t = build();
    expect(Object.keys(t.Resources)).toEqual(["Role"]);
    expect(t.Resources.Role.Type).toBe("AWS::IAM::Role");
    expect(t.Outputs.RoleArn.Value).toEqual({ "Fn::GetAtt": ["Role", "Arn"] });
    expect(t.AWSTemplateFormatVersion).toBe("2010-09-09");
  });

  it("trusts the partner account only with the External ID", () => {
    const trust = build().Resources.Role.Properties.AssumeRolePolicyDocument;
    expect(trust.Version).toBe("2012-10-17");
    expect(trust.Statement).toHaveLength(1);
    expect(trust.Statement[0]).toEqual({
      Sid: "RolegateWithExternalId",
      Effect: "Allow",
      Principal: { AWS: { "Fn::Sub": `arn:\${AWS::Partition}:iam::${PARTNER}:root` } },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } },
    });
  });

  it("adds aws:PrincipalArn when a verifier role is configured", () => {
    const verifierRoleArn = `arn:aws:iam::${PARTNER}:role/rolegate/verifier`;
    const condition = build({ verifierRoleArn }).Resources.Role.Properties.AssumeRolePolicyDocument.Statement[0]!.Condition;
    expect(condition.StringEquals).toEqual({ "sts:ExternalId": { Ref: "ExternalId" }, "aws:PrincipalArn": verifierRoleArn });
  });

  it("constrains the ExternalId parameter as AWS does", () => {
    const p = build().Parameters.ExternalId;
    expect(p).toMatchObject({ Type: "String", MinLength: 2, MaxLength: 1224 });
    expect(p.Description.length).toBeGreaterThan(20);
    const pattern = new RegExp(`^(?:${p.AllowedPattern})$`);
    expect(pattern.test(generateExternalId())).toBe(true);
    for (const bad of ["has space", "a&b", "quote'"]) expect(pattern.test(bad)).toBe(false);
  });

  it("names the role from a constrained RoleName parameter", () => {
    const t = build();
    const p = t.Parameters.RoleName;
    expect(p.Default).toBe(DEFAULT_ROLE_NAME);
    expect(new RegExp(`^(?:${p.AllowedPattern})$`).test(DEFAULT_ROLE_NAME)).toBe(true);
    expect(new RegExp(`^(?:${p.AllowedPattern})$`).test("bad name")).toBe(false);
    expect(p.MaxLength).toBe(64);
    expect(t.Resources.Role.Properties.RoleName).toEqual({ Ref: "RoleName" });
  });

  it("records the template version in Metadata and as a role tag, and limits sessions to an hour", () => {
    const t = build({ version: "7.1.0" });
    expect(t.Metadata.Rolegate.TemplateVersion).toBe("7.1.0");
    expect(t.Resources.Role.Properties.Tags).toContainEqual({ Key: TEMPLATE_VERSION_TAG, Value: "7.1.0" });
    expect(t.Resources.Role.Properties.MaxSessionDuration).toBe(3600);
    expect(parse(templateYaml(t), { version: "1.1" }).Metadata.Rolegate.TemplateVersion).toBe("7.1.0");
  });

  it.each(Object.values(PERMISSION_SETS))("grants the $id permission set's managed policies, partition-aware", (set) => {
    const props = build({ permissionSet: set }).Resources.Role.Properties;
    expect(props.ManagedPolicyArns).toEqual(set.managedPolicies.map((n) => ({ "Fn::Sub": `arn:\${AWS::Partition}:iam::aws:policy/${n}` })));
    expect(props.Policies).toBeUndefined();
  });

  it("uses AmazonS3ReadOnlyAccess by default", () => {
    expect(build().Resources.Role.Properties.ManagedPolicyArns).toEqual([
      { "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AmazonS3ReadOnlyAccess" },
    ]);
  });

  it("writes inline statements as an inline policy", () => {
    const custom: PermissionSet = {
      id: "cost",
      title: "Cost",
      description: "Read costs.",
      managedPolicies: [],
      inlineStatements: [{ Effect: "Allow", Action: ["ce:GetCostAndUsage"], Resource: "*" }],
    };
    const props = build({ permissionSet: custom }).Resources.Role.Properties;
    expect(props.ManagedPolicyArns).toBeUndefined();
    expect(props.Policies).toEqual([
      { PolicyName: "RolegateAccess", PolicyDocument: { Version: "2012-10-17", Statement: custom.inlineStatements } },
    ]);
  });

  it("refers only to things it declares, and substitutes only ${AWS::Partition}", () => {
    const t: RoleTemplate = build({ verifierRoleArn: `arn:aws:iam::${PARTNER}:role/v` });
    const declared = new Set([...Object.keys(t.Parameters), ...Object.keys(t.Resources)]);
    let refs = 0;
    for (const [path, value] of walk(t)) {
      const key = path.at(-1);
      if (key === "Ref") {
        refs++;
        expect(declared.has(value as string)).toBe(true);
      }
      if (key === "Fn::GetAtt") expect(declared.has((value as string[])[0]!)).toBe(true);
      if (key === "Fn::Sub") expect((value as string).match(/\$\{[^}]*\}/g)).toEqual(["${AWS::Partition}"]);
    }
    expect(refs).toBe(2);
  });

  it("contains no key material", () => {
    const text = templateYaml(build()) + templateJson(build());
    expect(text).not.toMatch(/AKIA|ASIA|SecretAccessKey|SessionToken|aws_secret|[A-Za-z0-9/+=]{40}/);
  });

  it("refuses configuration that would make a broken role", () => {
    expect(() => build({ partnerAccountId: "12345" })).toThrow(/partnerAccountId/);
    expect(() => build({ version: "1 0" })).toThrow(/version/);
    expect(() => build({ verifierRoleArn: "arn:aws:iam::999999999999:role/v" })).toThrow(/verifierRoleArn/);
    expect(() => build({ verifierRoleArn: `arn:aws:iam::${PARTNER}:user/v` })).toThrow(/verifierRoleArn/);
    expect(() => build({ permissionSet: { ...s3, managedPolicies: [] } })).toThrow(/grants nothing/);
    expect(() => build({ permissionSet: { ...s3, managedPolicies: ["${AWS::AccountId}"] } })).toThrow(/policy name/);
  });
});

describe("permission sets", () => {
  it("are found by id, and an unknown id is an error that lists the known ones", () => {
    expect(requirePermissionSet("read-only").managedPolicies).toEqual(["ReadOnlyAccess"]);
    expect(requirePermissionSet("security-audit").managedPolicies).toEqual(["SecurityAudit"]);
    expect(() => requirePermissionSet("admin")).toThrow(/s3-read-only, read-only, security-audit/);
    expect(() => requirePermissionSet("toString")).toThrow(RangeError);
  });

  it("each describe themselves and grant something", () => {
    for (const [id, set] of Object.entries(PERMISSION_SETS)) {
      expect(set.id).toBe(id);
      expect(set.description.length).toBeGreaterThan(20);
      expect(set.managedPolicies.length + set.inlineStatements.length).toBeGreaterThan(0);
    }
  });
});

describe("buildRoleTemplate with registration", () => {
  const TOPIC = "rolegate-registration";
  const registered = () => build({ registrationTopicName: TOPIC });

  it("is today's template when registration is not configured", () => {
    const t = build();
    expect(t.Parameters.RegistrationToken).toBeUndefined();
    expect(t.Conditions).toBeUndefined();
    expect(Object.keys(t.Resources)).toEqual(["Role"]);
  });

  it("adds the token parameter, the AutoRegister condition and the custom resource on the partner's topic in the stack's region", () => {
    const t = registered();
    expect(t.Parameters.RegistrationToken).toMatchObject({ Type: "String", NoEcho: true, Default: "" });
    expect(t.Conditions).toEqual({ AutoRegister: { "Fn::Not": [{ "Fn::Equals": [{ Ref: "RegistrationToken" }, ""] }] } });
    expect(t.Resources.Registration).toEqual({
      Type: "Custom::RolegateRegistration",
      Condition: "AutoRegister",
      DependsOn: "Role",
      Properties: {
        ServiceToken: { "Fn::Sub": `arn:\${AWS::Partition}:sns:\${AWS::Region}:${PARTNER}:${TOPIC}` },
        RoleArn: { "Fn::GetAtt": ["Role", "Arn"] },
        AccountId: { Ref: "AWS::AccountId" },
        Region: { Ref: "AWS::Region" },
        ExternalId: { Ref: "ExternalId" },
        RegistrationToken: { Ref: "RegistrationToken" },
        DeploymentId: { Ref: "DeploymentId" },
      },
    });
    expect(t.Parameters.DeploymentId).toMatchObject({ Type: "String", Default: "" });
    // The role itself is unchanged: a stack launched without a token is the manual path.
    expect(t.Resources.Role).toEqual(build().Resources.Role);
    expect(parse(templateYaml(t), { version: "1.1" })).toEqual(t);
  });

  it("allows an empty token or one of Rolegate's, and nothing else", () => {
    const pattern = new RegExp(`^${registered().Parameters.RegistrationToken!.AllowedPattern}$`);
    expect(pattern.test("")).toBe(true);
    expect(pattern.test(`rgr_${"a".repeat(43)}`)).toBe(true);
    for (const bad of [`rgr_${"a".repeat(42)}`, `rgr_${"a".repeat(44)}`, "a".repeat(47), `rgr_${"a".repeat(42)}!`]) expect(pattern.test(bad)).toBe(false);
  });

  it("refuses a topic name that is no SNS topic name (it is written into Fn::Sub)", () => {
    expect(() => build({ registrationTopicName: "a${AWS::AccountId}" })).toThrow(RangeError);
    expect(() => build({ registrationTopicName: "" })).toThrow(RangeError);
  });
});
