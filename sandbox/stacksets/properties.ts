import { ResourceFailure } from "../cfn/errors";
import { isObject } from "../cfn/template";

/** What an AWS::CloudFormation::StackSet resource asks for, checked as its resource handler checks it. */
export interface StackSetSpec {
  name: string;
  permissionModel: "SERVICE_MANAGED" | "SELF_MANAGED";
  callAs: "SELF" | "DELEGATED_ADMIN";
  autoDeployment: { enabled: boolean; retainStacksOnAccountRemoval: boolean };
  capabilities: string[];
  templateURL?: string;
  templateBody?: string;
  parameters: Record<string, string>;
  targets: { organizationalUnitIds: string[]; regions: string[] }[];
  preferences: {
    maxConcurrentCount?: number;
    maxConcurrentPercentage?: number;
    failureToleranceCount?: number;
    failureTolerancePercentage?: number;
    regionConcurrencyType: "SEQUENTIAL" | "PARALLEL";
  };
}

const PROPERTIES = ["StackSetName", "PermissionModel", "AutoDeployment", "Capabilities", "TemplateURL", "TemplateBody", "Parameters", "StackInstancesGroup", "OperationPreferences", "CallAs", "Description", "ManagedExecution", "Tags"];
const CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"];

/** Reads the resolved properties of a StackSet resource; a violation fails the resource with CloudFormation's schema wording. */
export function readStackSetProperties(logicalId: string, props: Record<string, unknown>): StackSetSpec {
  const invalid = (detail: string) => new ResourceFailure(logicalId, `Properties validation failed for resource ${logicalId} with message: ${detail}`);
  const unsupported = Object.keys(props).find((key) => !PROPERTIES.includes(key));
  if (unsupported) throw invalid(`#: extraneous key [${unsupported}] is not permitted`);
  const name = props.StackSetName;
  if (typeof name !== "string") throw invalid("#: required key [StackSetName] not found");
  if (!/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/.test(name)) throw invalid("#/StackSetName: failed validation constraint for keyword [pattern]");
  const permissionModel = props.PermissionModel;
  if (permissionModel !== "SERVICE_MANAGED" && permissionModel !== "SELF_MANAGED") {
    throw invalid(permissionModel === undefined ? "#: required key [PermissionModel] not found" : `#/PermissionModel: ${String(permissionModel)} is not a valid enum value`);
  }
  const callAs = props.CallAs ?? "SELF";
  if (callAs !== "SELF" && callAs !== "DELEGATED_ADMIN") throw invalid(`#/CallAs: ${String(callAs)} is not a valid enum value`);
  const auto = props.AutoDeployment ?? {};
  if (!isObject(auto)) throw invalid("#/AutoDeployment: expected type: JSONObject");
  const capabilities = strings(props.Capabilities ?? [], "Capabilities", invalid);
  const badCapability = capabilities.find((c) => !CAPABILITIES.includes(c));
  if (badCapability) throw invalid(`#/Capabilities: ${badCapability} is not a valid enum value`);
  const hasURL = props.TemplateURL !== undefined;
  if (hasURL === (props.TemplateBody !== undefined)) throw invalid("#: only 1 subschema matches out of 2 (exactly one of TemplateURL and TemplateBody)");
  if (hasURL && typeof props.TemplateURL !== "string") throw invalid("#/TemplateURL: expected type: String");
  if (!hasURL && typeof props.TemplateBody !== "string") throw invalid("#/TemplateBody: expected type: String");
  const parameters: Record<string, string> = {};
  objects(props.Parameters ?? [], "Parameters", invalid).forEach((p, i) => {
    if (typeof p.ParameterKey !== "string" || typeof p.ParameterValue !== "string") throw invalid(`#/Parameters/${i}: required key [ParameterKey, ParameterValue] not found`);
    parameters[p.ParameterKey] = p.ParameterValue;
  });
  const targets = objects(props.StackInstancesGroup ?? [], "StackInstancesGroup", invalid).map((group, i) => {
    if (!isObject(group.DeploymentTargets)) throw invalid(`#/StackInstancesGroup/${i}: required key [DeploymentTargets] not found`);
    const ouIds = strings(group.DeploymentTargets.OrganizationalUnitIds ?? [], `StackInstancesGroup/${i}/DeploymentTargets/OrganizationalUnitIds`, invalid);
    const badOu = ouIds.find((id) => !/^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/.test(id));
    if (badOu) throw invalid(`#/StackInstancesGroup/${i}/DeploymentTargets/OrganizationalUnitIds: ${badOu} does not match the pattern of an OU or root id`);
    if (group.DeploymentTargets.Accounts !== undefined) throw invalid(`#/StackInstancesGroup/${i}/DeploymentTargets: the sandbox deploys service-managed stack sets to OrganizationalUnitIds only`);
    const regions = strings(group.Regions, `StackInstancesGroup/${i}/Regions`, invalid);
    return { organizationalUnitIds: ouIds, regions };
  });
  const prefs = props.OperationPreferences ?? {};
  if (!isObject(prefs)) throw invalid("#/OperationPreferences: expected type: JSONObject");
  const number = (key: string, min: number, max: number) => {
    const value = prefs[key];
    if (value === undefined) return undefined;
    const n = Number(value);
    if (typeof value === "boolean" || !Number.isInteger(n) || n < min || n > max) throw invalid(`#/OperationPreferences/${key}: expected an integer from ${min} to ${max}`);
    return n;
  };
  const preferences: StackSetSpec["preferences"] = {
    ...defined("maxConcurrentCount", number("MaxConcurrentCount", 1, 100000)),
    ...defined("maxConcurrentPercentage", number("MaxConcurrentPercentage", 1, 100)),
    ...defined("failureToleranceCount", number("FailureToleranceCount", 0, 100000)),
    ...defined("failureTolerancePercentage", number("FailureTolerancePercentage", 0, 100)),
    regionConcurrencyType: prefs.RegionConcurrencyType === "PARALLEL" ? "PARALLEL" : "SEQUENTIAL",
  };
  if (prefs.RegionConcurrencyType !== undefined && !["PARALLEL", "SEQUENTIAL"].includes(String(prefs.RegionConcurrencyType))) {
    throw invalid(`#/OperationPreferences/RegionConcurrencyType: ${String(prefs.RegionConcurrencyType)} is not a valid enum value`);
  }
  if (preferences.maxConcurrentCount !== undefined && preferences.maxConcurrentPercentage !== undefined) throw invalid("#/OperationPreferences: MaxConcurrentCount and MaxConcurrentPercentage are mutually exclusive");
  if (preferences.failureToleranceCount !== undefined && preferences.failureTolerancePercentage !== undefined) throw invalid("#/OperationPreferences: FailureToleranceCount and FailureTolerancePercentage are mutually exclusive");
  // StackSets' strict failure tolerance: more accounts in flight than could fail would overshoot the tolerance.
  const tolerance = preferences.failureToleranceCount ?? 0;
  if (preferences.maxConcurrentCount !== undefined && preferences.failureTolerancePercentage === undefined && preferences.maxConcurrentCount > tolerance + 1) {
    throw invalid(`#/OperationPreferences: MaxConcurrentCount (${preferences.maxConcurrentCount}) must be at most one more than FailureToleranceCount (${tolerance})`);
  }
  return {
    name,
    permissionModel,
    callAs,
    autoDeployment: { enabled: flag(auto.Enabled), retainStacksOnAccountRemoval: flag(auto.RetainStacksOnAccountRemoval) },
    capabilities,
    ...(hasURL ? { templateURL: props.TemplateURL as string } : { templateBody: props.TemplateBody as string }),
    parameters,
    targets,
    preferences,
  };
}

function defined<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

/** Template booleans arrive as booleans or as the strings "true"/"false". */
function flag(value: unknown): boolean {
  return value === true || value === "true";
}

function strings(value: unknown, name: string, invalid: (d: string) => Error): string[] {
  if (!Array.isArray(value)) throw invalid(`#/${name}: expected type: JSONArray`);
  return value.map((item, i) => {
    if (typeof item !== "string") throw invalid(`#/${name}/${i}: expected type: String`);
    return item;
  });
}

function objects(value: unknown, name: string, invalid: (d: string) => Error): Record<string, unknown>[] {
  if (!Array.isArray(value)) throw invalid(`#/${name}: expected type: JSONArray`);
  return value.map((item, i) => {
    if (!isObject(item)) throw invalid(`#/${name}/${i}: expected type: JSONObject`);
    return item;
  });
}
