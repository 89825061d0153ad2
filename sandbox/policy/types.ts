/** The condition operators the sandbox evaluates (each also in its `…IfExists` form, except Null). */
export const CONDITION_OPERATORS = [
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
  "StringLike",
  "StringNotLike",
  "ArnEquals",
  "ArnNotEquals",
  "ArnLike",
  "ArnNotLike",
  "Null",
] as const;

export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** One key under one operator: `"StringEquals": { "sts:ExternalId": ["a", "b"] }`. */
export interface Condition {
  operator: ConditionOperator;
  ifExists: boolean;
  /** Lower-cased: IAM condition keys are case-insensitive. */
  key: string;
  values: string[];
}

export type PrincipalSpec = "*" | { aws: string[] };

export interface TrustStatement {
  sid?: string;
  effect: "Allow" | "Deny";
  principal: PrincipalSpec;
  action: { negated: boolean; patterns: string[] };
  conditions: Condition[];
  /** Resource policies (an SNS topic's Policy) and identity policies: which resources the statement covers. */
  resource?: { negated: boolean; patterns: string[] };
}

export interface TrustPolicy {
  statements: TrustStatement[];
}

/** Who is asking, in the forms a trust policy can name them. */
export interface TrustCaller {
  partition: string;
  accountId: string;
  /** The user ARN, or the assumed-role session ARN. */
  arn: string;
  /** For a role session: the role's ARN (what a role principal and aws:PrincipalArn name). */
  roleArn?: string;
}

export interface TrustRequest {
  caller: TrustCaller;
  /** The partition of the role whose trust policy is evaluated (a bare account id is relative to it). */
  resourcePartition: string;
  action: string;
  /** For a resource policy: the ARN of the resource acted on, matched against each statement's Resource. */
  resource?: string;
  /** Request context, keys lower-cased; an absent key is simply missing. */
  context: Readonly<Record<string, string>>;
}

export type TrustDecision =
  | { effect: "allow"; sid?: string }
  | { effect: "explicit-deny"; sid?: string }
  | { effect: "implicit-deny" };
