import { parseRoleArn } from "./arn";
import { isExternalId } from "./external-id";
import { hclString, hclValue } from "./hcl";
import type { PermissionSet } from "./permission-sets";
import { type Partition, partitionOfRegion } from "./partitions";
import {
  accountRootArn,
  managedPolicyArn,
  POLICY_VERSION,
  type PolicyDocument,
  type TrustStatement,
  trustPolicyDocument,
} from "./policies";
import { shellCommand } from "./shell-quote";
import { DEFAULT_ROLE_NAME } from "./template";
import { ACCOUNT_ID_RE, isHttpUrl, ROLE_NAME_RE, STACK_NAME_RE } from "./validation";

/**
 * The other ways to create the role, for people who review before they run:
 * the CLI command, Terraform, and the raw policies for creating it by hand.
 */

/** Everything the role's policies depend on, with real values (no CloudFormation intrinsics). */
export interface RoleSnippetInput {
  partition: Partition;
  partnerAccountId: string;
  externalId: string;
  permissionSet: PermissionSet;
  verifierRoleArn?: string;
  roleName?: string;
}

/** What `aws cloudformation create-stack` needs. */
export interface CreateStackCommandInput {
  region: string;
  stackName: string;
  templateUrl: string;
  externalId: string;
  roleName?: string;
}

/** The role's access: AWS managed policies to attach, and an inline policy when the set has one. */
export interface AccessPolicy {
  managedPolicyArns: string[];
  inlinePolicy?: PolicyDocument;
}

/** The `aws cloudformation create-stack` command, every value shell-quoted. Throws a RangeError on a bad value. */
export function createStackCommand(input: CreateStackCommandInput): string {
  const { region, stackName, templateUrl, externalId, roleName } = input;
  if (!partitionOfRegion(region)) throw new RangeError("createStackCommand: unknown region");
  if (!STACK_NAME_RE.test(stackName)) throw new RangeError("createStackCommand: invalid stack name");
  if (!isHttpUrl(templateUrl)) throw new RangeError("createStackCommand: templateUrl must be an http(s) URL");
  if (!isExternalId(externalId)) throw new RangeError("createStackCommand: invalid External ID");
  if (roleName !== undefined && !ROLE_NAME_RE.test(roleName)) throw new RangeError("createStackCommand: invalid role name");
  // JSON rather than the CLI's shorthand, where a comma (legal in an External ID) splits the value.
  const parameters = [{ ParameterKey: "ExternalId", ParameterValue: externalId }];
  if (roleName !== undefined) parameters.push({ ParameterKey: "RoleName", ParameterValue: roleName });
  return shellCommand([
    ["aws", "cloudformation", "create-stack"],
    ["--region", region],
    ["--stack-name", stackName],
    ["--template-url", templateUrl],
    // The template names the role, which CloudFormation only does with this acknowledgement.
    ["--capabilities", "CAPABILITY_NAMED_IAM"],
    ["--parameters", JSON.stringify(parameters)],
  ]);
}

/** The trust policy with this customer's values written in. */
export function trustPolicy(input: RoleSnippetInput): PolicyDocument<TrustStatement<string>> {
  check(input);
  return trustPolicyDocument<string>({
    principal: accountRootArn(input.partition, input.partnerAccountId),
    externalId: input.externalId,
    verifierRoleArn: input.verifierRoleArn,
  });
}

/** The trust policy as JSON, to paste into the IAM console's "Custom trust policy". */
export function trustPolicyJson(input: RoleSnippetInput): string {
  return JSON.stringify(trustPolicy(input), null, 2);
}

/** The access policies of a permission set in a partition. */
export function accessPolicy(partition: Partition, permissionSet: PermissionSet): AccessPolicy {
  const managedPolicyArns = permissionSet.managedPolicies.map((name) => managedPolicyArn(partition, name));
  if (permissionSet.inlineStatements.length === 0) return { managedPolicyArns };
  return { managedPolicyArns, inlinePolicy: { Version: POLICY_VERSION, Statement: [...permissionSet.inlineStatements] } };
}

/** The inline access policy as JSON, or undefined when the set only attaches managed policies. */
export function inlinePolicyJson(partition: Partition, permissionSet: PermissionSet): string | undefined {
  const { inlinePolicy } = accessPolicy(partition, permissionSet);
  return inlinePolicy && JSON.stringify(inlinePolicy, null, 2);
}

/** A Terraform configuration that creates the same role as the CloudFormation template. */
export function terraformSnippet(input: RoleSnippetInput): string {
  const roleName = input.roleName ?? DEFAULT_ROLE_NAME;
  const { managedPolicyArns, inlinePolicy } = accessPolicy(input.partition, input.permissionSet);
  const blocks = [
    `resource "aws_iam_role" "rolegate" {
  name                 = ${hclString(roleName)}
  description          = ${hclString(`Lets AWS account ${input.partnerAccountId} (Rolegate) in, only with your External ID.`)}
  max_session_duration = 3600
  assume_role_policy   = jsonencode(${hclValue(trustPolicy(input), 2)})
  tags = ${hclValue({ "rolegate:permission-set": input.permissionSet.id }, 2)}
}`,
  ];
  if (managedPolicyArns.length > 0) {
    blocks.push(`resource "aws_iam_role_policy_attachment" "rolegate" {
  for_each   = toset(${hclValue(managedPolicyArns, 2)})
  role       = aws_iam_role.rolegate.name
  policy_arn = each.value
}`);
  }
  if (inlinePolicy) {
    blocks.push(`resource "aws_iam_role_policy" "rolegate" {
  name   = "RolegateAccess"
  role   = aws_iam_role.rolegate.id
  policy = jsonencode(${hclValue(inlinePolicy, 2)})
}`);
  }
  blocks.push(`output "rolegate_role_arn" {
  description = "Paste this ARN into Rolegate."
  value       = aws_iam_role.rolegate.arn
}`);
  return `${blocks.join("\n\n")}\n`;
}

function check(input: RoleSnippetInput): void {
  if (!ACCOUNT_ID_RE.test(input.partnerAccountId)) throw new RangeError("partnerAccountId must be 12 digits");
  if (!isExternalId(input.externalId)) throw new RangeError("externalId is not a valid External ID");
  if (input.roleName !== undefined && !ROLE_NAME_RE.test(input.roleName)) throw new RangeError("invalid role name");
  if (input.verifierRoleArn !== undefined) {
    const parsed = parseRoleArn(input.verifierRoleArn, { partitions: [input.partition] });
    if (!parsed.ok || parsed.role.accountId !== input.partnerAccountId || parsed.role.arn !== input.verifierRoleArn) {
      throw new RangeError("verifierRoleArn must be an IAM role ARN in the partner account and partition");
    }
  }
}
