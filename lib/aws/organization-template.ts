import { EXTERNAL_ID_ALLOWED_PATTERN, EXTERNAL_ID_MAX_LENGTH, EXTERNAL_ID_MIN_LENGTH } from "./external-id";
import { REGISTRATION_TOKEN_PATTERN } from "./registration-token";
import { DEFAULT_ROLE_NAME, type Intrinsic } from "./template";
import { isHttpUrl } from "./validation";

/** What the organisation template is built from. */
export interface OrganizationTemplateInput {
  /** Where CloudFormation fetches the role template that every member account gets. */
  roleTemplateUrl: string;
  partnerAccountId: string;
  version: string;
}

/** The StackSet that puts the Rolegate role (with self-registration) in every account of the targeted OUs. */
export interface StackSetResource {
  Type: "AWS::CloudFormation::StackSet";
  Properties: {
    StackSetName: Intrinsic;
    Description: string;
    PermissionModel: "SERVICE_MANAGED";
    AutoDeployment: { Enabled: true; RetainStacksOnAccountRemoval: false };
    Capabilities: ["CAPABILITY_NAMED_IAM"];
    TemplateURL: string;
    Parameters: { ParameterKey: string; ParameterValue: Intrinsic }[];
    StackInstancesGroup: { DeploymentTargets: { OrganizationalUnitIds: Intrinsic }; Regions: Intrinsic[] }[];
    OperationPreferences: { RegionConcurrencyType: "PARALLEL"; MaxConcurrentPercentage: number; FailureTolerancePercentage: number };
  };
}

/** The management-account template: one service-managed StackSet of the role template. */
export interface OrganizationTemplate {
  AWSTemplateFormatVersion: "2010-09-09";
  Description: string;
  Metadata: {
    Rolegate: { TemplateVersion: string; PartnerAccountId: string; RoleTemplateURL: string };
    "AWS::CloudFormation::Interface": {
      ParameterGroups: { Label: { default: string }; Parameters: string[] }[];
      ParameterLabels: Record<string, { default: string }>;
    };
  };
  Parameters: Record<"ExternalId" | "RegistrationToken" | "OrganizationalUnitIds" | "RoleName" | "StackSetName", object>;
  Resources: { RoleStackSet: StackSetResource };
  Outputs: { StackSetId: { Description: string; Value: Intrinsic } };
}

/** The stack name the organisation launch suggests (the StackSet's own name defaults to it as well). */
export const ORGANIZATION_STACK_NAME = "RolegateOrganization";

/** Builds the organisation template. Throws a RangeError on a configuration that would make a broken stack. */
export function buildOrganizationTemplate(input: OrganizationTemplateInput): OrganizationTemplate {
  const { roleTemplateUrl, partnerAccountId, version } = input;
  if (!isHttpUrl(roleTemplateUrl)) throw new RangeError("roleTemplateUrl must be an http(s) URL");
  if (!/^\d{12}$/.test(partnerAccountId)) throw new RangeError("partnerAccountId must be a 12-digit AWS account id");
  if (!/^[A-Za-z0-9._+-]{1,64}$/.test(version)) throw new RangeError("version must be 1-64 characters of A-Z a-z 0-9 . _ + -");
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `Rolegate: a service-managed StackSet that creates, in every account of the chosen OUs (and accounts added to them later), an IAM role that AWS account ${partnerAccountId} can assume only with your External ID; each account registers itself. Create it in the management account (or a delegated administrator). Template ${version}.`,
    Metadata: {
      Rolegate: { TemplateVersion: version, PartnerAccountId: partnerAccountId, RoleTemplateURL: roleTemplateUrl },
      "AWS::CloudFormation::Interface": {
        ParameterGroups: [
          { Label: { default: "Where" }, Parameters: ["OrganizationalUnitIds"] },
          { Label: { default: "Rolegate access" }, Parameters: ["ExternalId", "RegistrationToken", "RoleName", "StackSetName"] },
        ],
        ParameterLabels: {
          OrganizationalUnitIds: { default: "Root or OU ids (r-… or ou-…, comma-separated)" },
          ExternalId: { default: "External ID (from Rolegate; do not change)" },
          RegistrationToken: { default: "Registration token (from Rolegate; do not change)" },
          RoleName: { default: "Role name in each account" },
          StackSetName: { default: "StackSet name" },
        },
      },
    },
    Parameters: {
      OrganizationalUnitIds: {
        Type: "CommaDelimitedList",
        Description: "Your organisation's root id (every account) or the OU ids to cover. Accounts added to them later are covered too; the management account never is.",
      },
      ExternalId: {
        Type: "String",
        Description: "The External ID shown in Rolegate. Keep it exactly as given: the roles refuse any other.",
        MinLength: EXTERNAL_ID_MIN_LENGTH,
        MaxLength: EXTERNAL_ID_MAX_LENGTH,
        AllowedPattern: EXTERNAL_ID_ALLOWED_PATTERN,
        ConstraintDescription: "2 to 1224 letters, digits or _ + = , . @ : / - characters",
      },
      RegistrationToken: {
        Type: "String",
        Description: "From Rolegate's launch link: each account's stack registers its role with Rolegate by itself.",
        NoEcho: true,
        AllowedPattern: REGISTRATION_TOKEN_PATTERN,
        ConstraintDescription: "the token from Rolegate's launch link (rgr_ and 43 letters, digits, _ or -)",
      },
      RoleName: {
        Type: "String",
        Description: "Name of the IAM role to create in each account.",
        Default: DEFAULT_ROLE_NAME,
        MinLength: 1,
        MaxLength: 64,
        AllowedPattern: "[\\w+=,.@-]+",
        ConstraintDescription: "1 to 64 letters, digits or _ + = , . @ - characters",
      },
      StackSetName: {
        Type: "String",
        Description: "Name of the StackSet.",
        Default: ORGANIZATION_STACK_NAME,
        MinLength: 1,
        MaxLength: 128,
        AllowedPattern: "[A-Za-z][A-Za-z0-9-]*",
        ConstraintDescription: "a letter, then letters, digits or -",
      },
    },
    Resources: {
      RoleStackSet: {
        Type: "AWS::CloudFormation::StackSet",
        Properties: {
          StackSetName: { Ref: "StackSetName" },
          Description: `Rolegate role (AWS account ${partnerAccountId}), one per account; each registers itself.`,
          PermissionModel: "SERVICE_MANAGED",
          // Accounts that join the OUs get the role; accounts that leave lose it and are disconnected in Rolegate.
          AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
          Capabilities: ["CAPABILITY_NAMED_IAM"],
          TemplateURL: roleTemplateUrl,
          Parameters: [
            { ParameterKey: "ExternalId", ParameterValue: { Ref: "ExternalId" } },
            { ParameterKey: "RegistrationToken", ParameterValue: { Ref: "RegistrationToken" } },
            { ParameterKey: "RoleName", ParameterValue: { Ref: "RoleName" } },
            { ParameterKey: "DeploymentId", ParameterValue: { Ref: "AWS::StackId" } },
          ],
          StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: { Ref: "OrganizationalUnitIds" } }, Regions: [{ Ref: "AWS::Region" }] }],
          // Every account stands on its own: one account's failure stops none of the others.
          OperationPreferences: { RegionConcurrencyType: "PARALLEL", MaxConcurrentPercentage: 100, FailureTolerancePercentage: 100 },
        },
      },
    },
    Outputs: { StackSetId: { Description: "The StackSet that holds the Rolegate role of each account.", Value: { "Fn::GetAtt": ["RoleStackSet", "StackSetId"] } } },
  };
}
