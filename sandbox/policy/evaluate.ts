import { arnMatch, wildcardMatch } from "./wildcard";
import type { Condition, ConditionOperator, PrincipalSpec, TrustCaller, TrustDecision, TrustPolicy, TrustRequest, TrustStatement } from "./types";

/**
 * Evaluates a role trust policy the way IAM does for a resource policy: a
 * matching Deny wins, then a matching Allow, otherwise the request is
 * implicitly denied. A statement matches when its principal, action and every
 * condition match.
 */
export function evaluateTrust(policy: TrustPolicy, request: TrustRequest): TrustDecision {
  let allow: TrustDecision | undefined;
  for (const statement of policy.statements) {
    const applies =
      principalMatches(statement.principal, request.caller, request.resourcePartition) &&
      actionMatches(statement.action, request.action) &&
      resourceMatches(statement.resource, request.resource) &&
      statement.conditions.every((condition) => conditionHolds(condition, request.context));
    if (!applies) continue;
    if (statement.effect === "Deny") return { effect: "explicit-deny", ...(statement.sid ? { sid: statement.sid } : {}) };
    allow ??= { effect: "allow", ...(statement.sid ? { sid: statement.sid } : {}) };
  }
  return allow ?? { effect: "implicit-deny" };
}

function principalMatches(spec: PrincipalSpec, caller: TrustCaller, resourcePartition: string): boolean {
  if (spec === "*") return true;
  return spec.aws.some((value) => {
    // A bare account id means that account's root, in the policy's own partition.
    const principal = /^\d{12}$/.test(value) ? `arn:${resourcePartition}:iam::${value}:root` : value;
    if (principal === `arn:${caller.partition}:iam::${caller.accountId}:root`) return true;
    return principal === caller.arn || (caller.roleArn !== undefined && principal === caller.roleArn);
  });
}

function actionMatches(action: { negated: boolean; patterns: string[] }, requested: string): boolean {
  // Action names are case-insensitive in IAM.
  const listed = action.patterns.some((pattern) => wildcardMatch(pattern, requested, true));
  return action.negated ? !listed : listed;
}

function resourceMatches(resource: TrustStatement["resource"], requested: string | undefined): boolean {
  if (!resource || requested === undefined) return true;
  const listed = resource.patterns.some((pattern) => pattern === "*" || arnMatch(pattern, requested));
  return resource.negated ? !listed : listed;
}

const NEGATED = new Set<ConditionOperator>(["StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike"]);

/**
 * One condition key under one operator. A missing key fails a positive
 * operator (so StringEquals on sts:ExternalId denies a caller who sent none),
 * satisfies a negated one, and satisfies any …IfExists form.
 */
export function conditionHolds(condition: Condition, context: Readonly<Record<string, string>>): boolean {
  const value = Object.hasOwn(context, condition.key) ? context[condition.key] : undefined;
  if (condition.operator === "Null") {
    return condition.values.some((v) => (v === "true") === (value === undefined));
  }
  if (value === undefined) return condition.ifExists || NEGATED.has(condition.operator);
  const anyMatch = condition.values.some((expected) => valueMatches(condition.operator, expected, value));
  return NEGATED.has(condition.operator) ? !anyMatch : anyMatch;
}

function valueMatches(operator: ConditionOperator, expected: string, actual: string): boolean {
  switch (operator) {
    case "StringEquals":
    case "StringNotEquals":
      return expected === actual;
    case "StringEqualsIgnoreCase":
    case "StringNotEqualsIgnoreCase":
      return expected.toLowerCase() === actual.toLowerCase();
    case "StringLike":
    case "StringNotLike":
      return wildcardMatch(expected, actual);
    case "ArnEquals":
    case "ArnNotEquals":
    case "ArnLike":
    case "ArnNotLike":
      return arnMatch(expected, actual);
    case "Null":
      return false;
  }
}
