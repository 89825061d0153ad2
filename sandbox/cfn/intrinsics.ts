import { templateError } from "./errors";
import type { ParameterValue } from "./parameter-values";

/** What `Ref: AWS::NoValue` resolves to: the property is removed. */
export const NO_VALUE = Symbol("AWS::NoValue");

/** How intrinsics see one resource: its Ref value and its Fn::GetAtt attributes. */
export interface ResourceRefs {
  ref(): string;
  /** undefined when the resource type has no such attribute. */
  attribute(name: string): string | undefined;
}

export interface Scope {
  parameters: ReadonlyMap<string, ParameterValue>;
  pseudo: Readonly<Record<string, string>>;
  resources: ReadonlyMap<string, ResourceRefs>;
  /** Which block is being resolved; it appears in CloudFormation's messages. */
  section: "Resources" | "Outputs" | "Conditions";
  /** The value of a named condition (Fn::If); undefined when no such condition exists. */
  condition?: (name: string) => boolean | undefined;
  /** Static check with placeholder values: only references are judged, not list lengths. */
  checkOnly?: boolean;
}

export const SUPPORTED_FUNCTIONS = ["Ref", "Fn::Sub", "Fn::GetAtt", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::If"];

/** Resolves every intrinsic function inside `value`; unsupported ones get a clear template error. */
export function resolve(value: unknown, scope: Scope): unknown {
  if (Array.isArray(value)) return value.map((item) => resolve(item, scope)).filter((item) => item !== NO_VALUE);
  if (typeof value !== "object" || value === null) return value;
  const keys = Object.keys(value);
  const only = keys.length === 1 ? keys[0] : undefined;
  if (only === "Ref" || only?.startsWith("Fn::")) {
    const args = (value as Record<string, unknown>)[only];
    switch (only) {
      case "Ref":
        return ref(args, scope);
      case "Fn::GetAtt":
        return getAtt(args, scope);
      case "Fn::Sub":
        return sub(args, scope);
      case "Fn::Join":
        return join(args, scope);
      case "Fn::Select":
        return select(args, scope);
      case "Fn::Split":
        return split(args, scope);
      case "Fn::If":
        return fnIf(args, scope);
      default:
        throw templateError(`Template error: the sandbox does not support ${only}; it resolves ${SUPPORTED_FUNCTIONS.join(", ")}.`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const resolved = resolve(item, scope);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

/** Resolves to a string or fails with CloudFormation's wording for `what`. */
export function resolveString(value: unknown, scope: Scope, what: string): string {
  const resolved = resolve(value, scope);
  if (typeof resolved === "number" || typeof resolved === "boolean") return String(resolved);
  if (typeof resolved !== "string") throw templateError(`Template error: ${what} must resolve to a string`);
  return resolved;
}

function unresolved(name: string, scope: Scope): Error {
  return templateError(`Template format error: Unresolved resource dependencies [${name}] in the ${scope.section} block of the template`);
}

function ref(name: unknown, scope: Scope): unknown {
  if (typeof name !== "string") throw templateError("Template error: every Ref object must have a single String value.");
  if (name === "AWS::NoValue") return NO_VALUE;
  const parameter = scope.parameters.get(name);
  if (parameter !== undefined) return parameter;
  if (Object.hasOwn(scope.pseudo, name)) return scope.pseudo[name];
  const resource = scope.resources.get(name);
  if (resource) return resource.ref();
  throw unresolved(name, scope);
}

function getAtt(args: unknown, scope: Scope): string {
  const parts = typeof args === "string" ? args.split(/\.(.*)/s).slice(0, 2) : args;
  if (!Array.isArray(parts) || parts.length !== 2) {
    throw templateError("Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute");
  }
  const [logicalId, rawAttribute] = parts as unknown[];
  const attributeName = resolve(rawAttribute, scope);
  const resource = typeof logicalId === "string" ? scope.resources.get(logicalId) : undefined;
  if (!resource) throw templateError(`Template error: instance of Fn::GetAtt references undefined resource ${String(logicalId)}`);
  const value = typeof attributeName === "string" ? resource.attribute(attributeName) : undefined;
  if (value === undefined) {
    throw templateError(`Template error: resource ${String(logicalId)} does not support attribute type ${String(attributeName)} in Fn::GetAtt`);
  }
  return value;
}

function sub(args: unknown, scope: Scope): string {
  const [template, rawVariables] = Array.isArray(args) ? args : [args, {}];
  if (typeof template !== "string" || typeof rawVariables !== "object" || rawVariables === null || Array.isArray(rawVariables)) {
    throw templateError("Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string");
  }
  const variables = resolve(rawVariables, scope) as Record<string, unknown>;
  return template.replace(/\$\{([^}]*)\}/g, (_whole, name: string) => {
    if (name.startsWith("!")) return `\${${name.slice(1)}}`;
    let value: unknown;
    if (Object.hasOwn(variables, name)) value = variables[name];
    else if (name.includes(".") && !scope.parameters.has(name) && !Object.hasOwn(scope.pseudo, name)) value = getAtt(name, scope);
    else value = ref(name, scope);
    if (typeof value !== "string" && typeof value !== "number") {
      throw templateError(`Template error: variable ${name} in Fn::Sub expression does not resolve to a string`);
    }
    return String(value);
  });
}

function fnIf(args: unknown, scope: Scope): unknown {
  if (!Array.isArray(args) || args.length !== 3 || typeof args[0] !== "string") {
    throw templateError("Template error: Fn::If requires a list argument with three elements: a condition name, a value if true and a value if false");
  }
  const holds = scope.condition?.(args[0]);
  if (holds === undefined) throw templateError(`Template error: unresolved condition dependency ${args[0]} in Fn::If`);
  // A static check resolves both branches, so a broken reference in either is found before anything is created.
  if (scope.checkOnly) {
    const whenFalse = resolve(args[2], scope);
    const whenTrue = resolve(args[1], scope);
    return whenTrue === NO_VALUE ? whenFalse : whenTrue;
  }
  return resolve(holds ? args[1] : args[2], scope);
}

function join(args: unknown, scope: Scope): string {
  const list = Array.isArray(args) && args.length === 2 ? resolve(args[1], scope) : undefined;
  if (!Array.isArray(args) || typeof args[0] !== "string" || !Array.isArray(list) || list.some((i) => typeof i !== "string" && typeof i !== "number")) {
    throw templateError("Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.");
  }
  return list.join(args[0]);
}

function select(args: unknown, scope: Scope): unknown {
  const index = Array.isArray(args) && args.length === 2 ? Number(resolve(args[0], scope)) : NaN;
  const list = Array.isArray(args) && args.length === 2 ? resolve(args[1], scope) : undefined;
  if (!Number.isInteger(index) || index < 0 || !Array.isArray(list)) {
    throw templateError("Template error: Fn::Select requires a list argument with two elements: an integer index and a list");
  }
  if (index >= list.length) {
    if (scope.checkOnly) return list[0] ?? "";
    throw templateError(`Template error: Fn::Select cannot select nonexistent value at index ${index}`);
  }
  return list[index];
}

function split(args: unknown, scope: Scope): string[] {
  const source = Array.isArray(args) && args.length === 2 ? resolve(args[1], scope) : undefined;
  if (!Array.isArray(args) || typeof args[0] !== "string" || args[0] === "" || typeof source !== "string") {
    throw templateError("Template error: every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.");
  }
  return source.split(args[0]);
}
