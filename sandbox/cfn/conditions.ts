import { templateError } from "./errors";
import { resolve, type Scope } from "./intrinsics";

const LIST_FUNCTIONS = { "Fn::And": "and", "Fn::Or": "or" } as const;

/**
 * Evaluates the Conditions section with the stack's parameter values, as
 * CloudFormation does before it creates anything: `Fn::Equals`, `Fn::Not`,
 * `Fn::And`, `Fn::Or` and `Condition` references, each condition once, with
 * cycle detection. Conditions may not refer to resources.
 */
export function evaluateConditions(conditions: Record<string, unknown>, scope: Omit<Scope, "section" | "condition">): Map<string, boolean> {
  const values = new Map<string, boolean>();
  const evaluating: string[] = [];
  const conditionScope: Scope = { ...scope, resources: new Map(), section: "Conditions" };

  const named = (name: unknown): boolean => {
    if (typeof name !== "string" || !Object.hasOwn(conditions, name)) {
      throw templateError(`Template format error: Unresolved dependencies [${String(name)}]. Cannot reference resources in the Conditions block of the template`);
    }
    const known = values.get(name);
    if (known !== undefined) return known;
    if (evaluating.includes(name)) throw templateError(`Template format error: Circular dependency between conditions: [${[...evaluating.slice(evaluating.indexOf(name))].sort().join(", ")}]`);
    evaluating.push(name);
    const value = evaluate(conditions[name], name);
    evaluating.pop();
    values.set(name, value);
    return value;
  };

  const evaluate = (expression: unknown, name: string): boolean => {
    const keys = typeof expression === "object" && expression !== null && !Array.isArray(expression) ? Object.keys(expression) : [];
    const fn = keys.length === 1 ? keys[0] ?? "" : "";
    const args = fn ? (expression as Record<string, unknown>)[fn] : undefined;
    if (fn === "Condition") return named(args);
    if (fn === "Fn::Equals") {
      if (!Array.isArray(args) || args.length !== 2) throw templateError(`Template error: Fn::Equals requires a list of two values (condition ${name})`);
      const [a, b] = args.map((value) => JSON.stringify(scalarText(resolve(value, conditionScope))));
      return a === b;
    }
    if (fn === "Fn::Not") {
      if (!Array.isArray(args) || args.length !== 1) throw templateError(`Template error: Fn::Not requires a list argument with one function token (condition ${name})`);
      return !evaluate(args[0], name);
    }
    if (fn === "Fn::And" || fn === "Fn::Or") {
      if (!Array.isArray(args) || args.length < 2 || args.length > 10) {
        throw templateError(`Template error: ${fn} requires a list of 2 to 10 conditions (condition ${name})`);
      }
      const results = args.map((item) => evaluate(item, name));
      return LIST_FUNCTIONS[fn] === "and" ? results.every(Boolean) : results.some(Boolean);
    }
    throw templateError(`Template format error: Conditions can only be boolean operations on parameters and other conditions (condition ${name})`);
  };

  for (const name of Object.keys(conditions)) named(name);
  return values;
}

/** Fn::Equals compares values as CloudFormation's strings: `1` equals "1", `true` equals "true". */
function scalarText(value: unknown): unknown {
  return typeof value === "number" || typeof value === "boolean" ? String(value) : value;
}
