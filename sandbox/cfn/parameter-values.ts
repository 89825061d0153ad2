import { CfnError } from "./errors";
import type { TemplateParameter } from "./template-parameters";

export type ParameterValue = string | string[];

/** Longest value accepted for one parameter: keeps a template's AllowedPattern from running on megabytes. */
const MAX_VALUE_LENGTH = 4096;

/**
 * Turns the values a user gave into each parameter's effective value (given,
 * else Default) and checks them against the template's constraints, with
 * CloudFormation's messages. Lists become arrays, as `Ref` returns them.
 */
export function resolveParameterValues(parameters: TemplateParameter[], given: Record<string, string>): Map<string, ParameterValue> {
  const known = new Set(parameters.map((p) => p.name));
  const extra = Object.keys(given).filter((name) => !known.has(name));
  if (extra.length > 0) throw new CfnError("ValidationError", `Parameters: [${extra.join(", ")}] do not exist in the template`, { parameter: extra[0] ?? "" });
  const missing = parameters.filter((p) => given[p.name] === undefined && p.default === undefined).map((p) => p.name);
  if (missing.length > 0) throw new CfnError("ValidationError", `Parameters: [${missing.join(", ")}] must have values`, { parameter: missing[0] ?? "" });

  const values = new Map<string, ParameterValue>();
  for (const parameter of parameters) {
    const raw = given[parameter.name] ?? parameter.default ?? "";
    const problem = constraintProblem(parameter, raw);
    if (problem) {
      const message = parameter.constraintDescription
        ? `Parameter ${parameter.name} failed to satisfy constraint: ${parameter.constraintDescription}`
        : `Parameter '${parameter.name}' ${problem}`;
      throw new CfnError("ValidationError", message, { parameter: parameter.name });
    }
    const isList = parameter.type === "CommaDelimitedList" || parameter.type === "List<Number>";
    values.set(parameter.name, isList ? splitList(raw) : raw);
  }
  return values;
}

function constraintProblem(p: TemplateParameter, raw: string): string | undefined {
  if (raw.length > MAX_VALUE_LENGTH) return `must contain at most ${MAX_VALUE_LENGTH} characters`;
  if (p.type === "Number" || p.type === "List<Number>") {
    for (const item of p.type === "Number" ? [raw] : splitList(raw)) {
      if (item.trim() === "" || !Number.isFinite(Number(item))) return "must be a number";
      if (p.minValue !== undefined && Number(item) < p.minValue) return `must be a number not less than ${p.minValue}`;
      if (p.maxValue !== undefined && Number(item) > p.maxValue) return `must be a number not greater than ${p.maxValue}`;
    }
  }
  if (p.minLength !== undefined && raw.length < p.minLength) return `must contain at least ${p.minLength} characters`;
  if (p.maxLength !== undefined && raw.length > p.maxLength) return `must contain at most ${p.maxLength} characters`;
  const items = p.type === "CommaDelimitedList" ? splitList(raw) : [raw];
  for (const item of items) {
    if (p.allowedValues && !p.allowedValues.includes(item)) return "must be one of AllowedValues";
    if (p.allowedPattern !== undefined && !fullMatch(p.allowedPattern, item)) return `must match pattern ${p.allowedPattern}`;
  }
  return undefined;
}

/** AllowedPattern must match the whole value, as CloudFormation applies it. */
function fullMatch(pattern: string, value: string): boolean {
  return new RegExp(`^(?:${pattern})$`).test(value);
}

function splitList(raw: string): string[] {
  return raw === "" ? [] : raw.split(",").map((item) => item.trim());
}
