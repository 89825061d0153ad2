import { parseResourcePolicy } from "../policy/parse";
import { evaluateTrust } from "../policy/evaluate";
import type { TopicRecord } from "../state/schema";

/** Who acts on a topic: an SDK caller, or CloudFormation publishing for a customer account. */
export interface SnsPrincipal {
  partition: string;
  accountId: string;
  /** The caller's ARN (for CloudFormation: the customer account's root). */
  arn: string;
  roleArn?: string;
  /** Condition keys, lower-cased. */
  context: Readonly<Record<string, string>>;
}

/**
 * Whether `principal` may perform `sns:<action>` on the topic, as SNS decides:
 * the topic's own account may, unless the Policy denies it explicitly (its
 * IAM identity is trusted in its account); any other account needs an Allow
 * in the topic's Policy. Without a Policy, that is SNS's default: owner only.
 */
export function maySns(topic: TopicRecord, principal: SnsPrincipal, action: string): boolean {
  const owner = principal.accountId === topic.accountId;
  const document = topic.attributes.Policy;
  if (document === undefined) return owner;
  const decision = evaluateTrust(parseResourcePolicy(document), {
    caller: { partition: principal.partition, accountId: principal.accountId, arn: principal.arn, ...(principal.roleArn ? { roleArn: principal.roleArn } : {}) },
    resourcePartition: topic.partition,
    action: `sns:${action}`,
    resource: topic.arn,
    context: { ...principal.context, "aws:sourceowner": principal.accountId },
  });
  if (decision.effect === "explicit-deny") return false;
  return owner || decision.effect === "allow";
}
