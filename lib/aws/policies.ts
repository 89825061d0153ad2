import type { Partition } from "./partitions";

/** IAM policy documents: the trust policy every Rolegate role carries, and the shapes of access policies. */

/** The only IAM policy language version. */
export const POLICY_VERSION = "2012-10-17";

/** One statement of an identity-based (access) policy. */
export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action: string | readonly string[];
  Resource: string | readonly string[];
  Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** An IAM policy document over some statement shape. */
export interface PolicyDocument<S = PolicyStatement> {
  Version: typeof POLICY_VERSION;
  Statement: S[];
}

/**
 * The trust statement. `V` is how the values are written: plain strings for a
 * hand-made role, CloudFormation intrinsics (`{ Ref: … }`) in the template.
 */
export interface TrustStatement<V> {
  Sid: "RolegateWithExternalId";
  Effect: "Allow";
  Principal: { AWS: V };
  Action: "sts:AssumeRole";
  Condition: { StringEquals: { "sts:ExternalId": V; "aws:PrincipalArn"?: string } };
}

/** Values for {@link trustPolicyDocument}. */
export interface TrustPolicyValues<V> {
  /** The partner account's root principal (the account, so the partner decides which of its roles may call). */
  principal: V;
  externalId: V;
  /** When set, only this partner role may assume the customer's role. */
  verifierRoleArn?: string;
}

/** The trust policy: the partner may assume the role only when it presents the customer's External ID. */
export function trustPolicyDocument<V>(values: TrustPolicyValues<V>): PolicyDocument<TrustStatement<V>> {
  const StringEquals: TrustStatement<V>["Condition"]["StringEquals"] = { "sts:ExternalId": values.externalId };
  if (values.verifierRoleArn !== undefined) StringEquals["aws:PrincipalArn"] = values.verifierRoleArn;
  return {
    Version: POLICY_VERSION,
    Statement: [
      {
        Sid: "RolegateWithExternalId",
        Effect: "Allow",
        Principal: { AWS: values.principal },
        Action: "sts:AssumeRole",
        Condition: { StringEquals },
      },
    ],
  };
}

/** The ARN of an account's root principal in a partition. */
export function accountRootArn(partition: Partition, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

/** The ARN of an AWS managed policy (`name` may carry a path, e.g. `service-role/X`). */
export function managedPolicyArn(partition: Partition, name: string): string {
  return `arn:${partition}:iam::aws:policy/${name}`;
}
