import { stringify } from "yaml";
import { parseRoleArn } from "./arn";
import { EXTERNAL_ID_ALLOWED_PATTERN, EXTERNAL_ID_MAX_LENGTH, EXTERNAL_ID_MIN_LENGTH } from "./external-id";
import type { PermissionSet } from "./permission-sets";
import { REGISTRATION_TOKEN_PATTERN } from "./registration-token";
import { POLICY_VERSION, type PolicyDocument, type TrustStatement, trustPolicyDocument } from "./policies";

/** What the role template is built from (all from the partner's configuration). */
export interface RoleTemplateInput {
  partnerAccountId: string;
  /** When set, the trust policy also requires `aws:PrincipalArn` to be this partner role. */
  verifierRoleArn?: string;
  permissionSet: PermissionSet;
  /** Shown in `Metadata` and as a role tag, so a deployed role says which template made it. */
  version: string;
  /**
   * Zero-paste registration: the SNS topic (same name in every region) the custom resource
   * publishes to. Without it the template has no registration at all.
   */
  registrationTopicName?: string;
}

/** A CloudFormation intrinsic function, written in long form. */
export type Intrinsic = { Ref: string } | { "Fn::Sub": string } | { "Fn::GetAtt": [string, string] };

/** A condition function: true when its argument is false / when its two values are equal. */
export type ConditionFunction = { "Fn::Not": [ConditionFunction] } | { "Fn::Equals": [Intrinsic | string, Intrinsic | string] };

/** The registration token: secret-ish, so NoEcho; empty (the default) means "no registration". */
interface TokenParameter {
  Type: "String";
  Description: string;
  NoEcho: true;
  Default: "";
  AllowedPattern: string;
  ConstraintDescription: string;
}

/** The custom resource that registers the role with Rolegate when the stack is created, and removes it when it is deleted. */
export interface RegistrationResource {
  Type: "Custom::RolegateRegistration";
  Condition: "AutoRegister";
  DependsOn: "Role";
  Properties: {
    ServiceToken: Intrinsic;
    RoleArn: Intrinsic;
    AccountId: Intrinsic;
    Region: Intrinsic;
    ExternalId: Intrinsic;
    RegistrationToken: Intrinsic;
    DeploymentId: Intrinsic;
  };
}

/** Set by an organisation-wide StackSet (its management stack's id), so each account's registration is tied to it. */
interface DeploymentParameter {
  Type: "String";
  Description: string;
  Default: "";
  MaxLength: number;
}

interface StringParameter {
  Type: "String";
  Description: string;
  Default?: string;
  MinLength: number;
  MaxLength: number;
  AllowedPattern: string;
  ConstraintDescription: string;
}

/** The CloudFormation template that creates the customer's Rolegate role. */
export interface RoleTemplate {
  AWSTemplateFormatVersion: "2010-09-09";
  Description: string;
  Metadata: {
    Rolegate: { TemplateVersion: string; PermissionSet: string; PartnerAccountId: string };
    "AWS::CloudFormation::Interface": {
      ParameterGroups: { Label: { default: string }; Parameters: string[] }[];
      ParameterLabels: Record<string, { default: string }>;
    };
  };
  Parameters: { ExternalId: StringParameter; RoleName: StringParameter; RegistrationToken?: TokenParameter; DeploymentId?: DeploymentParameter };
  Conditions?: { AutoRegister: ConditionFunction };
  Resources: {
    Registration?: RegistrationResource;
    Role: {
      Type: "AWS::IAM::Role";
      Properties: {
        RoleName: Intrinsic;
        Description: string;
        AssumeRolePolicyDocument: PolicyDocument<TrustStatement<Intrinsic>>;
        MaxSessionDuration: number;
        ManagedPolicyArns?: Intrinsic[];
        Policies?: { PolicyName: string; PolicyDocument: PolicyDocument }[];
        Tags: { Key: string; Value: string }[];
      };
    };
  };
  Outputs: { RoleArn: { Description: string; Value: Intrinsic } };
}

/** The role name the template suggests. */
export const DEFAULT_ROLE_NAME = "RolegateAccess";
/** The role tag that records the template version. */
export const TEMPLATE_VERSION_TAG = "rolegate:template-version";

// Tag values allow more, but a version is a short token and goes inside a description.
const VERSION_RE = /^[A-Za-z0-9._+-]{1,64}$/;
// Written into `Fn::Sub` strings: no `${`, which Sub would treat as a variable.
const POLICY_NAME_RE = /^[\w+=,.@-]+(\/[\w+=,.@-]+)*$/;
// An SNS topic name; also written into a `Fn::Sub` string.
const TOPIC_NAME_RE = /^[A-Za-z0-9_-]{1,256}$/;

/** Builds the role template. Throws a RangeError on configuration that would make a broken role. */
export function buildRoleTemplate(input: RoleTemplateInput): RoleTemplate {
  const { partnerAccountId, verifierRoleArn, permissionSet, version, registrationTopicName } = input;
  if (registrationTopicName !== undefined && !TOPIC_NAME_RE.test(registrationTopicName)) throw new RangeError("registrationTopicName must be an SNS topic name");
  if (!/^\d{12}$/.test(partnerAccountId)) throw new RangeError("partnerAccountId must be a 12-digit AWS account id");
  if (!VERSION_RE.test(version)) throw new RangeError("version must be 1-64 characters of A-Z a-z 0-9 . _ + -");
  if (verifierRoleArn !== undefined) {
    const parsed = parseRoleArn(verifierRoleArn);
    // A verifier outside the partner account could never match: the principal is the partner's root.
    if (!parsed.ok || parsed.role.accountId !== partnerAccountId || parsed.role.arn !== verifierRoleArn) {
      throw new RangeError("verifierRoleArn must be an IAM role ARN in the partner account");
    }
  }
  const badPolicy = permissionSet.managedPolicies.find((name) => !POLICY_NAME_RE.test(name));
  if (badPolicy !== undefined) throw new RangeError(`Invalid managed policy name ${JSON.stringify(badPolicy)}`);
  if (permissionSet.managedPolicies.length + permissionSet.inlineStatements.length === 0) {
    throw new RangeError(`Permission set ${permissionSet.id} grants nothing`);
  }

  const { managedPolicies, inlineStatements } = permissionSet;
  const properties: RoleTemplate["Resources"]["Role"]["Properties"] = {
    RoleName: { Ref: "RoleName" },
    Description: `Lets AWS account ${partnerAccountId} (Rolegate) in, only with your External ID. Template ${version}.`,
    AssumeRolePolicyDocument: trustPolicyDocument<Intrinsic>({
      principal: { "Fn::Sub": `arn:\${AWS::Partition}:iam::${partnerAccountId}:root` },
      externalId: { Ref: "ExternalId" },
      verifierRoleArn,
    }),
    // One hour is IAM's minimum maximum; verification itself asks for 15 minutes.
    MaxSessionDuration: 3600,
    ...(managedPolicies.length > 0 && {
      ManagedPolicyArns: managedPolicies.map((name) => ({ "Fn::Sub": `arn:\${AWS::Partition}:iam::aws:policy/${name}` })),
    }),
    ...(inlineStatements.length > 0 && {
      Policies: [{ PolicyName: "RolegateAccess", PolicyDocument: { Version: POLICY_VERSION, Statement: [...inlineStatements] } }],
    }),
    Tags: [
      { Key: TEMPLATE_VERSION_TAG, Value: version },
      { Key: "rolegate:permission-set", Value: permissionSet.id },
    ],
  };

  const template: RoleTemplate = {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `Rolegate: creates an IAM role that AWS account ${partnerAccountId} can assume only with your External ID (${permissionSet.title}). Template ${version}.`,
    Metadata: {
      Rolegate: { TemplateVersion: version, PermissionSet: permissionSet.id, PartnerAccountId: partnerAccountId },
      "AWS::CloudFormation::Interface": {
        ParameterGroups: [{ Label: { default: "Rolegate access" }, Parameters: ["ExternalId", "RoleName"] }],
        ParameterLabels: {
          ExternalId: { default: "External ID (from Rolegate; do not change)" },
          RoleName: { default: "Role name" },
        },
      },
    },
    Parameters: {
      ExternalId: {
        Type: "String",
        Description: "The External ID shown in Rolegate. Keep it exactly as given: the role refuses any other.",
        MinLength: EXTERNAL_ID_MIN_LENGTH,
        MaxLength: EXTERNAL_ID_MAX_LENGTH,
        AllowedPattern: EXTERNAL_ID_ALLOWED_PATTERN,
        ConstraintDescription: "2 to 1224 letters, digits or _ + = , . @ : / - characters",
      },
      RoleName: {
        Type: "String",
        Description: "Name of the IAM role to create.",
        Default: DEFAULT_ROLE_NAME,
        MinLength: 1,
        MaxLength: 64,
        AllowedPattern: "[\\w+=,.@-]+",
        ConstraintDescription: "1 to 64 letters, digits or _ + = , . @ - characters",
      },
    },
    Resources: { Role: { Type: "AWS::IAM::Role", Properties: properties } },
    Outputs: {
      RoleArn: { Description: "Paste this ARN into Rolegate.", Value: { "Fn::GetAtt": ["Role", "Arn"] } },
    },
  };
  return registrationTopicName === undefined ? template : withRegistration(template, partnerAccountId, registrationTopicName);
}

/**
 * Adds the self-registration: a `RegistrationToken` parameter and, when it is set, a custom
 * resource backed by the partner's SNS topic in the stack's own region (a custom resource's
 * service token must be in its stack's region, so `Fn::Sub` builds it: one template, every region).
 */
function withRegistration(template: RoleTemplate, partnerAccountId: string, topicName: string): RoleTemplate {
  const ui = template.Metadata["AWS::CloudFormation::Interface"];
  return {
    ...template,
    Metadata: {
      ...template.Metadata,
      "AWS::CloudFormation::Interface": {
        ParameterGroups: ui.ParameterGroups.map((g) => ({ ...g, Parameters: [...g.Parameters, "RegistrationToken", "DeploymentId"] })),
        ParameterLabels: {
          ...ui.ParameterLabels,
          RegistrationToken: { default: "Registration token (from Rolegate; do not change)" },
          DeploymentId: { default: "Organisation deployment (set by Rolegate's StackSet; leave empty)" },
        },
      },
    },
    Parameters: {
      ...template.Parameters,
      RegistrationToken: {
        Type: "String",
        Description: "Filled in by Rolegate's launch link: the stack registers the role with Rolegate by itself. Leave it empty to paste the RoleArn instead.",
        NoEcho: true,
        Default: "",
        AllowedPattern: `(${REGISTRATION_TOKEN_PATTERN})?`,
        ConstraintDescription: "empty, or the token from Rolegate's launch link (rgr_ and 43 letters, digits, _ or -)",
      },
      DeploymentId: {
        Type: "String",
        Description: "Set by Rolegate's organisation StackSet to its management stack's id; empty for a single account.",
        Default: "",
        MaxLength: 1024,
      },
    },
    Conditions: { AutoRegister: { "Fn::Not": [{ "Fn::Equals": [{ Ref: "RegistrationToken" }, ""] }] } },
    Resources: {
      ...template.Resources,
      Registration: {
        Type: "Custom::RolegateRegistration",
        Condition: "AutoRegister",
        DependsOn: "Role",
        Properties: {
          ServiceToken: { "Fn::Sub": `arn:\${AWS::Partition}:sns:\${AWS::Region}:${partnerAccountId}:${topicName}` },
          RoleArn: { "Fn::GetAtt": ["Role", "Arn"] },
          AccountId: { Ref: "AWS::AccountId" },
          Region: { Ref: "AWS::Region" },
          ExternalId: { Ref: "ExternalId" },
          RegistrationToken: { Ref: "RegistrationToken" },
          DeploymentId: { Ref: "DeploymentId" },
        },
      },
    },
  };
}


/** The template as YAML. YAML 1.1 rules, so date-like strings such as `2012-10-17` stay quoted for every parser. */
export function templateYaml(template: object): string {
  return stringify(template, { version: "1.1", lineWidth: 0 });
}

/** The template as pretty-printed JSON. */
export function templateJson(template: object): string {
  return `${JSON.stringify(template, null, 2)}\n`;
}
