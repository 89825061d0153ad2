import { templateError } from "./errors";

export const PARAMETER_TYPES = ["String", "Number", "CommaDelimitedList", "List<Number>"] as const;

export interface TemplateParameter {
  name: string;
  type: (typeof PARAMETER_TYPES)[number];
  /** From AWS::CloudFormation::Interface ParameterLabels, shown instead of the name. */
  label?: string;
  description?: string;
  default?: string;
  allowedValues?: string[];
  allowedPattern?: string;
  minLength?: number;
  maxLength?: number;
  minValue?: number;
  maxValue?: number;
  noEcho: boolean;
  constraintDescription?: string;
}

const PROPERTIES = ["Type", "Default", "Description", "AllowedValues", "AllowedPattern", "MinLength", "MaxLength", "MinValue", "MaxValue", "NoEcho", "ConstraintDescription"];

/** Reads the Parameters section, refusing what ValidateTemplate refuses. */
export function parseParameters(raw: unknown, interfaceMeta: unknown): TemplateParameter[] {
  if (raw === undefined) return [];
  if (!isObject(raw)) throw templateError("Template format error: Parameters must be an object.");
  const labels = isObject(interfaceMeta) && isObject(interfaceMeta.ParameterLabels) ? interfaceMeta.ParameterLabels : {};
  return Object.entries(raw).map(([name, spec]) => {
    if (!/^[A-Za-z0-9]+$/.test(name)) throw templateError(`Template format error: Parameter name ${name} is non alphanumeric.`);
    if (!isObject(spec) || spec.Type === undefined) throw templateError("Template format error: Every Parameters object must contain a Type member.");
    const type = String(spec.Type);
    if (!(PARAMETER_TYPES as readonly string[]).includes(type)) {
      throw templateError(
        type.startsWith("AWS::") || type.startsWith("List<AWS::")
          ? `Template format error: the sandbox does not support parameter type ${type} (parameter ${name}).`
          : `Template format error: Unrecognized parameter type: ${type}`,
      );
    }
    const property = Object.keys(spec).find((key) => !PROPERTIES.includes(key));
    if (property) throw templateError(`Template format error: Invalid template parameter property '${property}'`);
    const label = isObject(labels[name]) ? (labels[name] as Record<string, unknown>).default : undefined;
    const parameter: TemplateParameter = {
      name,
      type: type as TemplateParameter["type"],
      noEcho: spec.NoEcho === true || spec.NoEcho === "true",
      ...(typeof label === "string" ? { label } : {}),
      ...optionalText(spec, "Description", "description"),
      ...optionalText(spec, "Default", "default"),
      ...optionalText(spec, "AllowedPattern", "allowedPattern"),
      ...optionalText(spec, "ConstraintDescription", "constraintDescription"),
      ...optionalNumber(name, spec, "MinLength", "minLength"),
      ...optionalNumber(name, spec, "MaxLength", "maxLength"),
      ...optionalNumber(name, spec, "MinValue", "minValue"),
      ...optionalNumber(name, spec, "MaxValue", "maxValue"),
    };
    if (spec.AllowedValues !== undefined) {
      if (!Array.isArray(spec.AllowedValues)) throw templateError(`Template format error: AllowedValues of parameter ${name} must be a list.`);
      parameter.allowedValues = spec.AllowedValues.map((v) => String(v));
    }
    if (parameter.allowedPattern !== undefined) {
      try {
        new RegExp(parameter.allowedPattern);
      } catch {
        throw templateError(`Template format error: AllowedPattern of parameter ${name} is not a valid regular expression.`);
      }
    }
    return parameter;
  });
}

/** Scalars in templates may be written as numbers or booleans (YAML) or strings. */
function optionalText(spec: Record<string, unknown>, from: string, to: string): Record<string, string> {
  const value = spec[from];
  if (value === undefined) return {};
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return { [to]: String(value) };
  throw templateError(`Template format error: ${from} must be a string.`);
}

function optionalNumber(name: string, spec: Record<string, unknown>, from: string, to: string): Record<string, number> {
  const value = spec[from];
  if (value === undefined) return {};
  const number = Number(value);
  if (typeof value === "boolean" || value === "" || !Number.isFinite(number)) {
    throw templateError(`Template format error: ${from} of parameter ${name} must be a number.`);
  }
  return { [to]: number };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
