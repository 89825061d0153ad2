import { templateError } from "./errors";
import { parseParameters, type TemplateParameter } from "./template-parameters";

export type { TemplateParameter } from "./template-parameters";

export interface TemplateResource {
  logicalId: string;
  type: string;
  properties: Record<string, unknown>;
  /** DependsOn, plus (after loadTemplate) every resource its properties refer to. */
  dependsOn: string[];
  /** The name of the condition that decides whether it is created. */
  condition?: string;
}

export interface TemplateOutput {
  key: string;
  value: unknown;
  description?: unknown;
  exportName?: unknown;
  condition?: string;
}

export interface Template {
  description?: string;
  parameters: TemplateParameter[];
  /** From AWS::CloudFormation::Interface: how the console groups parameters. */
  parameterGroups: { label: string; parameters: string[] }[];
  /** The Conditions section, unevaluated: name → condition function. */
  conditions: Record<string, unknown>;
  resources: TemplateResource[];
  outputs: TemplateOutput[];
  capabilities: ("CAPABILITY_IAM" | "CAPABILITY_NAMED_IAM")[];
}

export const STACK_SET_TYPE = "AWS::CloudFormation::StackSet";
export const SUPPORTED_RESOURCE_TYPES = ["AWS::IAM::Role", STACK_SET_TYPE, "AWS::CloudFormation::CustomResource", "Custom::*"];

/** A custom resource: `AWS::CloudFormation::CustomResource` or any `Custom::Name`. */
export function isCustomType(type: string): boolean {
  return type === "AWS::CloudFormation::CustomResource" || type.startsWith("Custom::");
}
const TOP_LEVEL = ["AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Mappings", "Conditions", "Rules", "Transform", "Resources", "Outputs"];
const UNSUPPORTED_SECTIONS = ["Transform", "Mappings", "Rules"];
const RESOURCE_ATTRIBUTES = ["Type", "Properties", "DependsOn", "Condition", "Metadata", "DeletionPolicy", "UpdateReplacePolicy", "CreationPolicy", "UpdatePolicy"];
const ALNUM = /^[A-Za-z0-9]+$/;

/** Checks a parsed template's structure as ValidateTemplate does, and reads what the console shows. */
export function readTemplate(raw: unknown): Template {
  if (!isObject(raw)) throw templateError("Template format error: At least one Resources member must be defined.");
  const unknown = Object.keys(raw).filter((key) => !TOP_LEVEL.includes(key));
  if (unknown.length > 0) throw templateError(`Template format error: Invalid template property or properties [${unknown.join(", ")}]`);
  const version = raw.AWSTemplateFormatVersion;
  if (version !== undefined && version !== "2010-09-09") {
    throw templateError(`Template format error: '${String(version)}' is not a supported AWSTemplateFormatVersion value.`);
  }
  for (const section of UNSUPPORTED_SECTIONS) {
    if (raw[section] !== undefined) {
      throw templateError(`Template format error: the sandbox does not support the ${section} section; remove it to use this template here.`);
    }
  }
  if (raw.Description !== undefined && typeof raw.Description !== "string") {
    throw templateError("Template format error: Description must be a string.");
  }
  const interfaceMeta = isObject(raw.Metadata) ? raw.Metadata["AWS::CloudFormation::Interface"] : undefined;
  const parameters = parseParameters(raw.Parameters, interfaceMeta);
  if (raw.Conditions !== undefined && !isObject(raw.Conditions)) throw templateError("Template format error: Conditions must be an object.");
  const conditions = (raw.Conditions as Record<string, unknown> | undefined) ?? {};
  for (const name of Object.keys(conditions)) {
    if (!ALNUM.test(name)) throw templateError(`Template format error: Condition name ${name} is non alphanumeric.`);
  }
  const resources = readResources(raw.Resources, conditions);
  return {
    ...(typeof raw.Description === "string" ? { description: raw.Description } : {}),
    parameters,
    parameterGroups: readGroups(interfaceMeta),
    conditions,
    resources,
    outputs: readOutputs(raw.Outputs, conditions),
    capabilities: capabilitiesOf(resources.filter((r) => r.type === "AWS::IAM::Role")),
  };
}

function capabilitiesOf(roles: TemplateResource[]): Template["capabilities"] {
  if (roles.some((r) => r.properties.RoleName !== undefined)) return ["CAPABILITY_NAMED_IAM"];
  return roles.length > 0 ? ["CAPABILITY_IAM"] : [];
}

/** A resource's or output's Condition, which must name a condition of the template. */
function conditionName(value: unknown, conditions: Record<string, unknown>, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !Object.hasOwn(conditions, value)) {
    const section = where.startsWith("output") ? "Outputs" : "Resources";
    throw templateError(`Template format error: Unresolved condition dependencies [${String(value)}] in the ${section} block of the template`);
  }
  return value;
}

function readResources(raw: unknown, conditions: Record<string, unknown>): TemplateResource[] {
  if (!isObject(raw) || Object.keys(raw).length === 0) throw templateError("Template format error: At least one Resources member must be defined.");
  const resources: TemplateResource[] = [];
  const unrecognized: string[] = [];
  for (const [logicalId, value] of Object.entries(raw)) {
    if (!ALNUM.test(logicalId)) throw templateError(`Template format error: Resource name ${logicalId} is non alphanumeric.`);
    if (!isObject(value) || typeof value.Type !== "string") {
      throw templateError(`Template format error: [/Resources/${logicalId}] Every Resources object must contain a Type member.`);
    }
    const attribute = Object.keys(value).find((key) => !RESOURCE_ATTRIBUTES.includes(key));
    if (attribute) throw templateError(`Template format error: [/Resources/${logicalId}] Invalid resource attribute ${attribute}`);
    if (value.Properties !== undefined && !isObject(value.Properties)) {
      throw templateError(`Template format error: [/Resources/${logicalId}/Properties] Properties must be an object.`);
    }
    const dependsOn: string[] = [];
    for (const dependency of [value.DependsOn ?? []].flat()) {
      if (typeof dependency !== "string" || !Object.hasOwn(raw, dependency)) {
        throw templateError(`Template format error: Unresolved resource dependencies [${String(dependency)}] in the Resources block of the template`);
      }
      dependsOn.push(dependency);
    }
    if (!/^(AWS|Alexa)::[A-Za-z0-9]+::[A-Za-z0-9]+$|^Custom::[\w@-]+$/.test(value.Type)) unrecognized.push(value.Type);
    else if (value.Type !== "AWS::IAM::Role" && value.Type !== STACK_SET_TYPE && !isCustomType(value.Type)) {
      throw templateError(
        `The sandbox cannot create ${value.Type} (resource ${logicalId}): it creates only ${SUPPORTED_RESOURCE_TYPES.join(", ")}.`,
      );
    }
    const condition = conditionName(value.Condition, conditions, `resource ${logicalId}`);
    resources.push({ logicalId, type: value.Type, properties: (value.Properties as Record<string, unknown>) ?? {}, dependsOn, ...(condition ? { condition } : {}) });
  }
  if (unrecognized.length > 0) throw templateError(`Template format error: Unrecognized resource types: [${unrecognized.join(", ")}]`);
  return resources;
}

function readOutputs(raw: unknown, conditions: Record<string, unknown>): TemplateOutput[] {
  if (raw === undefined) return [];
  if (!isObject(raw)) throw templateError("Template format error: Outputs must be an object.");
  return Object.entries(raw).map(([key, value]) => {
    if (!ALNUM.test(key)) throw templateError(`Template format error: Output name ${key} is non alphanumeric.`);
    if (!isObject(value) || value.Value === undefined) {
      throw templateError("Template format error: Every Outputs member must contain a Value object");
    }
    const condition = conditionName(value.Condition, conditions, `output ${key}`);
    const exportName = isObject(value.Export) ? value.Export.Name : undefined;
    return {
      key,
      value: value.Value,
      ...(value.Description !== undefined ? { description: value.Description } : {}),
      ...(exportName !== undefined ? { exportName } : {}),
      ...(condition ? { condition } : {}),
    };
  });
}

function readGroups(meta: unknown): Template["parameterGroups"] {
  if (!isObject(meta) || !Array.isArray(meta.ParameterGroups)) return [];
  return meta.ParameterGroups.filter(isObject).map((group) => ({
    label: isObject(group.Label) && typeof group.Label.default === "string" ? group.Label.default : "",
    parameters: Array.isArray(group.Parameters) ? group.Parameters.filter((p): p is string => typeof p === "string") : [],
  }));
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
