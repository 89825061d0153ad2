import { templateError } from "./errors";
import { parseParameters, type TemplateParameter } from "./template-parameters";

export type { TemplateParameter } from "./template-parameters";

export interface TemplateResource {
  logicalId: string;
  type: string;
  properties: Record<string, unknown>;
  dependsOn: string[];
}

export interface TemplateOutput {
  key: string;
  value: unknown;
  description?: unknown;
  exportName?: unknown;
}

export interface Template {
  description?: string;
  parameters: TemplateParameter[];
  /** From AWS::CloudFormation::Interface: how the console groups parameters. */
  parameterGroups: { label: string; parameters: string[] }[];
  resources: TemplateResource[];
  outputs: TemplateOutput[];
  capabilities: ("CAPABILITY_IAM" | "CAPABILITY_NAMED_IAM")[];
}

export const SUPPORTED_RESOURCE_TYPES = ["AWS::IAM::Role"];
const TOP_LEVEL = ["AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Mappings", "Conditions", "Rules", "Transform", "Resources", "Outputs"];
const UNSUPPORTED_SECTIONS = ["Transform", "Mappings", "Conditions", "Rules"];
const RESOURCE_ATTRIBUTES = ["Type", "Properties", "DependsOn", "Metadata", "DeletionPolicy", "UpdateReplacePolicy", "CreationPolicy", "UpdatePolicy"];
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
  const resources = readResources(raw.Resources);
  return {
    ...(typeof raw.Description === "string" ? { description: raw.Description } : {}),
    parameters,
    parameterGroups: readGroups(interfaceMeta),
    resources,
    outputs: readOutputs(raw.Outputs),
    capabilities: resources.some((r) => r.properties.RoleName !== undefined) ? ["CAPABILITY_NAMED_IAM"] : resources.length > 0 ? ["CAPABILITY_IAM"] : [],
  };
}

function readResources(raw: unknown): TemplateResource[] {
  if (!isObject(raw) || Object.keys(raw).length === 0) throw templateError("Template format error: At least one Resources member must be defined.");
  const resources: TemplateResource[] = [];
  const unrecognized: string[] = [];
  for (const [logicalId, value] of Object.entries(raw)) {
    if (!ALNUM.test(logicalId)) throw templateError(`Template format error: Resource name ${logicalId} is non alphanumeric.`);
    if (!isObject(value) || typeof value.Type !== "string") {
      throw templateError(`Template format error: [/Resources/${logicalId}] Every Resources object must contain a Type member.`);
    }
    const attribute = Object.keys(value).find((key) => !RESOURCE_ATTRIBUTES.includes(key));
    if (attribute === "Condition") throw templateError(`Template format error: the sandbox does not support Conditions (resource ${logicalId}).`);
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
    else if (!SUPPORTED_RESOURCE_TYPES.includes(value.Type)) {
      throw templateError(
        `The sandbox cannot create ${value.Type} (resource ${logicalId}): it creates only ${SUPPORTED_RESOURCE_TYPES.join(", ")}.`,
      );
    }
    resources.push({ logicalId, type: value.Type, properties: (value.Properties as Record<string, unknown>) ?? {}, dependsOn });
  }
  if (unrecognized.length > 0) throw templateError(`Template format error: Unrecognized resource types: [${unrecognized.join(", ")}]`);
  return resources;
}

function readOutputs(raw: unknown): TemplateOutput[] {
  if (raw === undefined) return [];
  if (!isObject(raw)) throw templateError("Template format error: Outputs must be an object.");
  return Object.entries(raw).map(([key, value]) => {
    if (!ALNUM.test(key)) throw templateError(`Template format error: Output name ${key} is non alphanumeric.`);
    if (!isObject(value) || value.Value === undefined) {
      throw templateError("Template format error: Every Outputs member must contain a Value object");
    }
    if (value.Condition !== undefined) throw templateError(`Template format error: the sandbox does not support Conditions (output ${key}).`);
    const exportName = isObject(value.Export) ? value.Export.Name : undefined;
    return {
      key,
      value: value.Value,
      ...(value.Description !== undefined ? { description: value.Description } : {}),
      ...(exportName !== undefined ? { exportName } : {}),
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
