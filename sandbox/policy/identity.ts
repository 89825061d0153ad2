import { managedPolicyDocument } from "./managed";
import { evaluateTrust } from "./evaluate";
import { parseIdentityPolicy } from "./parse";
import type { TrustCaller, TrustDecision, TrustPolicy } from "./types";

/** The identity policies of a role: its managed policy ARNs and its inline policy documents by name. */
export interface RolePolicies {
  managedPolicyArns: readonly string[];
  inlinePolicies: Readonly<Record<string, unknown>>;
}

/** What a role session asks to do. */
export interface IdentityRequest {
  caller: TrustCaller;
  action: string;
  resource: string;
  context: Readonly<Record<string, string>>;
}

/**
 * Evaluates a role's identity policies the way IAM does within one account: an
 * explicit Deny in any policy wins, then an Allow in any policy, otherwise the
 * request is implicitly denied. Managed policies the sandbox does not know
 * (customer managed ones, most AWS ones) grant nothing.
 */
export function evaluateIdentity(policies: RolePolicies, request: IdentityRequest): TrustDecision {
  let allow: TrustDecision | undefined;
  for (const policy of identityPolicies(policies)) {
    const decision = evaluateTrust(policy, { ...request, resourcePartition: request.caller.partition });
    if (decision.effect === "explicit-deny") return decision;
    if (decision.effect === "allow") allow ??= decision;
  }
  return allow ?? { effect: "implicit-deny" };
}

function identityPolicies(policies: RolePolicies): TrustPolicy[] {
  const documents = [
    ...policies.managedPolicyArns.map((arn) => managedPolicyDocument(arn)).filter((doc) => doc !== undefined),
    ...Object.values(policies.inlinePolicies),
  ];
  // Inline documents were checked when they were stored; the known managed ones are well-formed.
  return documents.map((doc) => parseIdentityPolicy(doc));
}
