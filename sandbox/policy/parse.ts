import { ACCOUNT_ID_PATTERN, parseArn } from "../arn";
import { CONDITION_OPERATORS, type Condition, type ConditionOperator, type PrincipalSpec, type TrustPolicy, type TrustStatement } from "./types";

/** A policy IAM would refuse (`MalformedPolicyDocument`), with IAM's wording where it has one. */
export class PolicyError extends Error {}

const STATEMENT_FIELDS = new Set(["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"]);
const PRINCIPAL_TYPES = new Set(["AWS", "Service", "Federated", "CanonicalUser"]);

/** Parses and checks a role trust policy (an object or its JSON text), as CreateRole would. */
export function parseTrustPolicy(document: unknown): TrustPolicy {
  return parsePolicy(document, "trust");
}

/** Parses a resource policy such as an SNS topic's `Policy`: like a trust policy, plus `Resource`/`NotResource`. */
export function parseResourcePolicy(document: unknown): TrustPolicy {
  return parsePolicy(document, "resource");
}

/**
 * Parses an identity policy (a role's managed or inline policy), as PutRolePolicy would: no
 * `Principal` (the policy applies to whoever holds it, so every statement gets principal `*`), and
 * a `Resource` or `NotResource` in every statement.
 */
export function parseIdentityPolicy(document: unknown): TrustPolicy {
  return parsePolicy(document, "identity");
}

type PolicyKind = "trust" | "resource" | "identity";

function parsePolicy(document: unknown, kind: PolicyKind): TrustPolicy {
  let doc = document;
  if (typeof doc === "string") {
    try {
      doc = JSON.parse(doc);
    } catch {
      throw new PolicyError("Syntax errors in policy.");
    }
  }
  if (!isObject(doc)) throw new PolicyError("Syntax errors in policy.");
  for (const key of Object.keys(doc)) {
    if (!["Version", "Id", "Statement"].includes(key)) throw new PolicyError(`Syntax errors in policy. Unknown field ${key}.`);
  }
  if (doc.Version !== undefined && doc.Version !== "2012-10-17" && doc.Version !== "2008-10-17") {
    throw new PolicyError("The policy must contain a valid version string");
  }
  if (doc.Statement === undefined) throw new PolicyError("Missing required field Statement");
  const raw = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  if (raw.length === 0) throw new PolicyError("Missing required field Statement");
  return { statements: raw.map((statement) => parseStatement(statement, kind)) };
}

function parseStatement(raw: unknown, kind: PolicyKind): TrustStatement {
  if (!isObject(raw)) throw new PolicyError("Syntax errors in policy.");
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_FIELDS.has(key)) throw new PolicyError(`Syntax errors in policy. Unknown field ${key}.`);
  }
  if (kind === "trust" && raw.Resource !== undefined) throw new PolicyError("Has prohibited field Resource");
  if (kind === "trust" && raw.NotResource !== undefined) throw new PolicyError("Has prohibited field NotResource");
  if (kind === "identity") {
    if (raw.Principal !== undefined) throw new PolicyError("Has prohibited field Principal");
    if (raw.NotPrincipal !== undefined) throw new PolicyError("Has prohibited field NotPrincipal");
    if (raw.Resource === undefined && raw.NotResource === undefined) throw new PolicyError("Missing required field Resource");
  }
  if (kind !== "trust" && raw.Resource !== undefined && raw.NotResource !== undefined) {
    throw new PolicyError("Statement can contain either Resource or NotResource, not both");
  }
  // NotPrincipal's rules for role sessions (role, session and account must all be listed) are not modelled.
  if (raw.NotPrincipal !== undefined) throw new PolicyError("The sandbox does not support NotPrincipal in trust policies");
  if (raw.Effect !== "Allow" && raw.Effect !== "Deny") {
    throw new PolicyError(raw.Effect === undefined ? "Missing required field Effect" : `Invalid effect: ${String(raw.Effect)}`);
  }
  if (raw.Sid !== undefined && typeof raw.Sid !== "string") throw new PolicyError("Syntax errors in policy. Sid must be a string.");
  if (raw.Principal === undefined && kind !== "identity") throw new PolicyError("Missing required field Principal");
  if ((raw.Action === undefined) === (raw.NotAction === undefined)) {
    throw new PolicyError(raw.Action === undefined ? "Missing required field Action" : "Statement can contain either Action or NotAction, not both");
  }
  const negated = raw.Action === undefined;
  const patterns = stringList(negated ? raw.NotAction : raw.Action, "Action");
  for (const action of patterns) {
    if (action !== "*" && !/^[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+$/.test(action)) throw new PolicyError(`Invalid action: ${action}`);
  }
  return {
    ...(raw.Sid !== undefined ? { sid: raw.Sid as string } : {}),
    effect: raw.Effect,
    principal: kind === "identity" ? "*" : parsePrincipal(raw.Principal),
    action: { negated, patterns },
    conditions: raw.Condition === undefined ? [] : parseConditions(raw.Condition),
    ...(kind !== "trust" ? { resource: parseResource(raw) } : {}),
  };
}

/** A resource policy statement's Resource (or NotResource); a missing one applies to the resource the policy is on. */
function parseResource(raw: Record<string, unknown>): { negated: boolean; patterns: string[] } {
  if (raw.NotResource !== undefined) return { negated: true, patterns: stringList(raw.NotResource, "NotResource") };
  return { negated: false, patterns: raw.Resource === undefined ? ["*"] : stringList(raw.Resource, "Resource") };
}

function parsePrincipal(raw: unknown): PrincipalSpec {
  if (raw === "*") return "*";
  if (!isObject(raw) || Object.keys(raw).length === 0) throw new PolicyError(`Invalid principal in policy: ${JSON.stringify(raw)}`);
  const aws: string[] = [];
  for (const [type, value] of Object.entries(raw)) {
    if (!PRINCIPAL_TYPES.has(type)) throw new PolicyError(`Invalid principal in policy: "${type}"`);
    const values = stringList(value, "Principal");
    // Service, federated and canonical-user principals are valid but never one of our callers.
    if (type !== "AWS") continue;
    for (const v of values) {
      if (!isValidAwsPrincipal(v)) throw new PolicyError(`Invalid principal in policy: "AWS":"${v}"`);
      aws.push(v);
    }
  }
  return aws.includes("*") ? "*" : { aws };
}

function isValidAwsPrincipal(value: string): boolean {
  if (value === "*" || ACCOUNT_ID_PATTERN.test(value)) return true;
  const arn = parseArn(value);
  if (!arn || value.includes("*") || value.includes("?") || !ACCOUNT_ID_PATTERN.test(arn.accountId) || arn.region !== "") return false;
  if (arn.service === "iam") return arn.resource === "root" || /^(user|role)\/(.+\/)?[\w+=,.@-]+$/.test(arn.resource);
  return arn.service === "sts" && /^assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+$/.test(arn.resource);
}

function parseConditions(raw: unknown): Condition[] {
  if (!isObject(raw)) throw new PolicyError("Syntax errors in policy. Condition must be an object.");
  const conditions: Condition[] = [];
  for (const [name, block] of Object.entries(raw)) {
    if (/^For(Any|All)Values:/.test(name)) throw new PolicyError(`The sandbox does not support the set operator in ${name}`);
    const ifExists = name.endsWith("IfExists") && name !== "IfExists";
    const operator = (ifExists ? name.slice(0, -"IfExists".length) : name) as ConditionOperator;
    if (!CONDITION_OPERATORS.includes(operator) || (ifExists && operator === "Null")) {
      throw new PolicyError(`The sandbox does not support the condition operator ${name}`);
    }
    if (!isObject(block)) throw new PolicyError(`Syntax errors in policy. ${name} must map condition keys to values.`);
    for (const [key, value] of Object.entries(block)) {
      const values = stringList(value, "Condition", true);
      if (operator === "Null" && values.some((v) => v !== "true" && v !== "false")) {
        throw new PolicyError(`Null condition values must be "true" or "false"`);
      }
      conditions.push({ operator, ifExists, key: key.toLowerCase(), values });
    }
  }
  return conditions;
}

/** A policy value that may be one item or a list; condition values may also be numbers or booleans. */
function stringList(value: unknown, field: string, scalars = false): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => {
    if (typeof item === "string") return item;
    if (scalars && (typeof item === "number" || typeof item === "boolean")) return String(item);
    throw new PolicyError(`Syntax errors in policy. ${field} values must be strings.`);
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
