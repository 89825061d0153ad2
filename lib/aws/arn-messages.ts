import { type Partition, partitionTitle } from "./partitions";

/**
 * What the customer reads when a pasted role ARN is wrong: one message per
 * kind of mistake, each ending with an example of a right one.
 */

/** Why a pasted value is not an acceptable IAM role ARN. */
export type RoleArnErrorCode =
  | "not-text"
  | "empty"
  | "too-long"
  | "control-characters"
  | "whitespace"
  | "invalid-characters"
  | "account-id-only"
  | "not-an-arn"
  | "incomplete-arn"
  | "unknown-partition"
  | "partition-not-allowed"
  | "assumed-role-arn"
  | "not-iam"
  | "user-arn"
  | "group-arn"
  | "policy-arn"
  | "instance-profile-arn"
  | "root-arn"
  | "not-a-role"
  | "has-region"
  | "account-id-length"
  | "account-id-format"
  | "missing-role-name"
  | "invalid-role-name"
  | "invalid-role-path";

/** Facts about the input that some messages repeat back (only ever short, sanitised values). */
export interface MessageContext {
  allowed: readonly Partition[];
  partition?: string;
  service?: string;
  resourceType?: string;
  digits?: number;
}

/** An example role ARN in the given partition. */
export function exampleRoleArn(partition: Partition = "aws"): string {
  return `arn:${partition}:iam::123456789012:role/RolegateAccess`;
}

// Input is echoed only when it is a short plain token, so a message can never
// carry markup, a wall of text or something that looks like a secret.
const echo = (value: string | undefined): string | undefined =>
  value !== undefined && /^[a-z0-9-]{1,32}$/.test(value) ? value : undefined;

const list = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;

const specific: Record<RoleArnErrorCode, (c: MessageContext) => string> = {
  "not-text": () => "The role ARN must be text.",
  empty: () => "Enter the role ARN: the RoleArn output of the Rolegate stack.",
  "too-long": () => "This is too long to be a role ARN.",
  "control-characters": () => "The ARN contains invisible control characters. Copy it again as plain text.",
  whitespace: () => "The ARN contains spaces or line breaks; an ARN has none.",
  "invalid-characters": () =>
    "The ARN contains characters that cannot be in an ARN (only plain ASCII letters, digits and punctuation).",
  "account-id-only": (c) =>
    c.digits === 12
      ? "This is an AWS account id, not a role ARN. Paste the RoleArn output of the stack."
      : "This is a number, not a role ARN. Paste the RoleArn output of the stack.",
  "not-an-arn": () => 'This is not an ARN: an ARN starts with "arn:" (in lower case).',
  "incomplete-arn": () => "This ARN is incomplete: a role ARN has six parts separated by colons.",
  "unknown-partition": (c) =>
    `${echo(c.partition) ? `"${echo(c.partition)}"` : "The second part"} is not an AWS partition (aws, aws-cn or aws-us-gov).`,
  "partition-not-allowed": (c) =>
    `This ARN is in ${echo(c.partition) ?? "another partition"}; this portal connects accounts in ${list(
      c.allowed.map((p) => `${partitionTitle(p)} (${p})`),
    )} only.`,
  "assumed-role-arn": () =>
    "This is the ARN of a role session (sts … assumed-role/…), not of the role itself. The role's ARN has :iam:: and role/.",
  "not-iam": (c) =>
    echo(c.service)
      ? `This is an ARN of the ${echo(c.service)} service, not of an IAM role.`
      : "This is not the ARN of an IAM role.",
  "user-arn": () => "This is the ARN of an IAM user, not of a role.",
  "group-arn": () => "This is the ARN of an IAM group, not of a role.",
  "policy-arn": () => "This is the ARN of an IAM policy, not of a role.",
  "instance-profile-arn": () =>
    "This is the ARN of an instance profile, not of the role. The role's ARN has role/ where this one has instance-profile/.",
  "root-arn": () => "This is the ARN of the account itself (root), not of a role in it.",
  "not-a-role": (c) =>
    echo(c.resourceType)
      ? `This is an IAM ${echo(c.resourceType)} ARN, not a role ARN.`
      : "This is the ARN of another kind of IAM resource, not of a role.",
  "has-region": () => 'IAM role ARNs have no region: nothing goes between "iam:" and the account id.',
  "account-id-length": (c) => `The account id must have exactly 12 digits; this one has ${c.digits}.`,
  "account-id-format": () => "The account id must be 12 digits.",
  "missing-role-name": () => "The ARN ends without a role name after role/.",
  "invalid-role-name": () =>
    "The role name (after the last /) must be 1 to 64 letters, digits or + = , . @ _ - characters.",
  "invalid-role-path": () => "The role path (between role/ and the name) must be / or /…/, at most 512 characters.",
};

/** The customer-facing message for an error code: what is wrong, then an example of what is right. */
export function roleArnMessage(code: RoleArnErrorCode, context: MessageContext): string {
  const example = exampleRoleArn(context.allowed[0] ?? "aws");
  return `${specific[code](context)} Must be an IAM role ARN, e.g. ${example}`;
}
