import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildOrganizationTemplate, ORGANIZATION_STACK_NAME } from "./organization-template";
import { organizationCreateStackCommand, organizationTerraformSnippet, TARGETS_PLACEHOLDER } from "./organization-snippets";
import { templateYaml } from "./template";

const ROLE_URL = "https://rolegate.example/templates/rolegate-role.yaml";
const build = () => buildOrganizationTemplate({ roleTemplateUrl: ROLE_URL, partnerAccountId: "111111111111", version: "2026-12-05.1" });

describe("the organisation (StackSet) template", () => {
  it("is one service-managed StackSet of the role template with automatic deployment, over the chosen OUs in the stack's region", () => {
    const set = build().Resources.RoleStackSet;
    expect(set.Type).toBe("AWS::CloudFormation::StackSet");
    expect(set.Properties).toMatchObject({
      PermissionModel: "SERVICE_MANAGED",
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      Capabilities: ["CAPABILITY_NAMED_IAM"],
      TemplateURL: ROLE_URL,
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: { Ref: "OrganizationalUnitIds" } }, Regions: [{ Ref: "AWS::Region" }] }],
    });
  });

  it("forwards the External ID and the token, and ties each account's registration to this stack", () => {
    const parameters = build().Resources.RoleStackSet.Properties.Parameters;
    expect(parameters).toEqual([
      { ParameterKey: "ExternalId", ParameterValue: { Ref: "ExternalId" } },
      { ParameterKey: "RegistrationToken", ParameterValue: { Ref: "RegistrationToken" } },
      { ParameterKey: "RoleName", ParameterValue: { Ref: "RoleName" } },
      { ParameterKey: "DeploymentId", ParameterValue: { Ref: "AWS::StackId" } },
    ]);
  });

  it("requires the token (hidden) and a list of OU or root ids; round-trips through YAML", () => {
    const t = build();
    expect(t.Parameters.RegistrationToken).toMatchObject({ NoEcho: true });
    expect(t.Parameters.RegistrationToken).not.toHaveProperty("Default");
    expect(t.Parameters.OrganizationalUnitIds).toMatchObject({ Type: "CommaDelimitedList" });
    expect(parse(templateYaml(t), { version: "1.1" })).toEqual(t);
  });

  it("refuses a configuration that would make a broken stack", () => {
    expect(() => buildOrganizationTemplate({ roleTemplateUrl: "ftp://x", partnerAccountId: "111111111111", version: "1" })).toThrow(RangeError);
    expect(() => buildOrganizationTemplate({ roleTemplateUrl: ROLE_URL, partnerAccountId: "1", version: "1" })).toThrow(RangeError);
  });
});

describe("the organisation stack's CLI command and Terraform snippet", () => {
  const input = {
    region: "us-east-1",
    stackName: ORGANIZATION_STACK_NAME,
    templateUrl: "https://rolegate.example/templates/rolegate-organization.yaml",
    externalId: "rg_abc,def",
    registrationToken: `rgr_${"a".repeat(43)}`,
  };

  it("carries every parameter as JSON, shell-quoted, with the named-IAM capability", () => {
    const command = organizationCreateStackCommand(input);
    expect(command).toContain("--capabilities CAPABILITY_NAMED_IAM");
    expect(command).toContain(TARGETS_PLACEHOLDER);
    expect(command).toContain(`rgr_${"a".repeat(43)}`);
    expect(command).toContain('{"ParameterKey":"ExternalId","ParameterValue":"rg_abc,def"}');
  });

  it("writes a Terraform stack with the same parameters", () => {
    const hcl = organizationTerraformSnippet(input);
    expect(hcl).toContain('resource "aws_cloudformation_stack" "rolegate_organization"');
    expect(hcl).toContain('capabilities = ["CAPABILITY_NAMED_IAM"]');
    expect(hcl).toContain(`OrganizationalUnitIds = "${TARGETS_PLACEHOLDER}"`);
  });

  it("refuses a bad token or External ID", () => {
    expect(() => organizationCreateStackCommand({ ...input, registrationToken: "nope" })).toThrow(RangeError);
    expect(() => organizationTerraformSnippet({ ...input, externalId: "" })).toThrow(RangeError);
  });
});
