import { randomUUID } from "node:crypto";
import { PolicyError } from "../policy/parse";
import { buildRole, ROLE_NAME_PATTERN, ROLE_PATH_PATTERN } from "../state/roles";
import type { RoleRecord } from "../state/schema";
import { ResourceFailure } from "./errors";
import { isObject } from "./template";

export const ROLE_ATTRIBUTES = ["Arn", "RoleId"];
const PROPERTIES = ["AssumeRolePolicyDocument", "RoleName", "Path", "ManagedPolicyArns", "Policies", "Tags", "MaxSessionDuration", "Description", "PermissionsBoundary"];

export interface RoleIdentity {
  roleName: string;
  path: string;
  roleId: string;
}

/**
 * Creates the IAM role of an AWS::IAM::Role resource from its resolved
 * properties, failing the way the resource handler does (schema violations,
 * then IAM's own refusals such as a malformed trust policy).
 */
export function roleFromProperties(
  logicalId: string,
  props: Record<string, unknown>,
  identity: RoleIdentity,
  ctx: { partition: string; accountId: string; stackId: string; now: Date },
): RoleRecord {
  const invalid = (detail: string) => new ResourceFailure(logicalId, `Properties validation failed for resource ${logicalId} with message: ${detail}`);
  const unsupported = Object.keys(props).find((key) => !PROPERTIES.includes(key));
  if (unsupported) throw new ResourceFailure(logicalId, `Encountered unsupported property ${unsupported}`);
  const trust = props.AssumeRolePolicyDocument;
  if (trust === undefined) throw invalid("#: required key [AssumeRolePolicyDocument] not found");
  if (!isObject(trust) && typeof trust !== "string") throw invalid(`#/AssumeRolePolicyDocument: expected type: JSONObject, found: ${jsonType(trust)}`);
  if (identity.roleName.length > 64) throw invalid(`#/RoleName: expected maxLength: 64, actual: ${identity.roleName.length}`);
  if (!ROLE_NAME_PATTERN.test(identity.roleName)) throw invalid("#/RoleName: failed validation constraint for keyword [pattern]");
  if (identity.path.length > 512 || !ROLE_PATH_PATTERN.test(identity.path)) throw invalid("#/Path: failed validation constraint for keyword [pattern]");
  const maxSession = props.MaxSessionDuration === undefined ? 3600 : Number(props.MaxSessionDuration);
  if (!Number.isInteger(maxSession)) throw invalid(`#/MaxSessionDuration: expected type: Integer, found: ${jsonType(props.MaxSessionDuration)}`);
  if (maxSession < 3600) throw invalid(`#/MaxSessionDuration: ${maxSession} is not greater or equal to 3600`);
  if (maxSession > 43200) throw invalid(`#/MaxSessionDuration: ${maxSession} is not less or equal to 43200`);
  const managed = stringArray(props.ManagedPolicyArns, "ManagedPolicyArns", invalid);
  for (const arn of managed) {
    if (!/^arn:[\w-]+:iam::(aws|\d{12}):policy\/.+$/.test(arn)) {
      throw new ResourceFailure(logicalId, handlerMessage(`ARN ${arn} is not valid.`, 400));
    }
  }
  const policies: Record<string, unknown> = {};
  objectArray(props.Policies, "Policies", invalid).forEach((policy, i) => {
    if (typeof policy.PolicyName !== "string") throw invalid(`#/Policies/${i}: required key [PolicyName] not found`);
    if (!isObject(policy.PolicyDocument) && typeof policy.PolicyDocument !== "string") {
      throw invalid(`#/Policies/${i}: required key [PolicyDocument] not found`);
    }
    policies[policy.PolicyName] = policy.PolicyDocument;
  });
  const tags = objectArray(props.Tags, "Tags", invalid).map((tag, i) => {
    if (typeof tag.Key !== "string" || typeof tag.Value !== "string") throw invalid(`#/Tags/${i}: required key [Key, Value] not found`);
    return { Key: tag.Key, Value: tag.Value };
  });
  if (props.Description !== undefined && (typeof props.Description !== "string" || props.Description.length > 1000)) {
    throw invalid("#/Description: expected type: String, maxLength: 1000");
  }
  try {
    return {
      ...buildRole(
        {
          partition: ctx.partition,
          accountId: ctx.accountId,
          roleName: identity.roleName,
          path: identity.path,
          trustPolicy: trust,
          maxSessionDuration: maxSession,
          ...(typeof props.Description === "string" ? { description: props.Description } : {}),
          managedPolicyArns: managed,
          inlinePolicies: policies,
          tags,
          stackId: ctx.stackId,
        },
        ctx.now,
      ),
      roleId: identity.roleId,
    };
  } catch (err) {
    if (err instanceof PolicyError) throw new ResourceFailure(logicalId, handlerMessage(err.message, 400));
    throw err;
  }
}

/** The resource handler's wording for an error IAM returned. */
export function handlerMessage(message: string, status: number): string {
  return `Resource handler returned message: "${message} (Service: Iam, Status Code: ${status}, Request ID: ${randomUUID()})"`;
}

function stringArray(value: unknown, name: string, invalid: (d: string) => Error): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(`#/${name}: expected type: JSONArray, found: ${jsonType(value)}`);
  return value.map((item, i) => {
    if (typeof item !== "string") throw invalid(`#/${name}/${i}: expected type: String, found: ${jsonType(item)}`);
    return item;
  });
}

function objectArray(value: unknown, name: string, invalid: (d: string) => Error): Record<string, unknown>[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(`#/${name}: expected type: JSONArray, found: ${jsonType(value)}`);
  return value.map((item, i) => {
    if (!isObject(item)) throw invalid(`#/${name}/${i}: expected type: JSONObject, found: ${jsonType(item)}`);
    return item;
  });
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return "JSONArray";
  if (isObject(value)) return "JSONObject";
  if (typeof value === "number") return Number.isInteger(value) ? "Integer" : "Number";
  return typeof value === "boolean" ? "Boolean" : "String";
}
