import { templateError } from "./errors";
import { evaluateConditions } from "./conditions";
import { ROLE_ATTRIBUTES } from "./iam-role";
import { resolve, type Scope } from "./intrinsics";
import { parseTemplateText } from "./parse-template";
import { isCustomType, readTemplate, STACK_SET_TYPE, type Template } from "./template";

export const PSEUDO_PARAMETERS = ["AWS::AccountId", "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix", "AWS::NotificationARNs"];

/**
 * Parses and validates a template as ValidateTemplate does, including every
 * reference (Ref, Fn::GetAtt, Fn::Sub variables) and dependency cycles, so the
 * console can report a broken template before the user fills anything in.
 */
export function loadTemplate(text: string): Template {
  const template = readTemplate(parseTemplateText(text));
  // Resolve once with placeholders, recording which resources each resource refers to.
  const uses = new Set<string>();
  const scope: Omit<Scope, "section"> = {
    parameters: new Map(template.parameters.map((p) => [p.name, p.type.includes("List") ? ["placeholder"] : "placeholder"])),
    pseudo: Object.fromEntries(PSEUDO_PARAMETERS.map((name) => [name, "placeholder"])),
    resources: new Map(
      template.resources.map((r) => [
        r.logicalId,
        {
          ref: () => (uses.add(r.logicalId), "placeholder"),
          // A custom resource's attributes are whatever its Data returns: any name is accepted.
          attribute: (name: string) => (isCustomType(r.type) || (r.type === STACK_SET_TYPE ? name === "StackSetId" : ROLE_ATTRIBUTES.includes(name)) ? (uses.add(r.logicalId), "placeholder") : undefined),
        },
      ]),
    ),
    checkOnly: true,
    condition: (name: string) => (Object.hasOwn(template.conditions, name) ? true : undefined),
  };
  evaluateConditions(template.conditions, scope);
  const dependsOn = new Map<string, string[]>();
  for (const resource of template.resources) {
    uses.clear();
    resolve(resource.properties, { ...scope, section: "Resources" });
    resource.dependsOn = [...new Set([...resource.dependsOn, ...uses])];
    dependsOn.set(resource.logicalId, resource.dependsOn);
  }
  for (const output of template.outputs) resolve([output.value, output.description, output.exportName], { ...scope, section: "Outputs" });
  const cycle = findCycle(dependsOn);
  if (cycle) throw templateError(`Template format error: Circular dependency between resources: [${cycle.join(", ")}]`);
  return template;
}

/** The resources on a dependency cycle, if there is one (a resource naming itself counts). */
function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const done = new Set<string>();
  const visit = (node: string, path: string[]): string[] | undefined => {
    if (path.includes(node)) return path.slice(path.indexOf(node));
    if (done.has(node)) return undefined;
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next, [...path, node]);
      if (cycle) return cycle;
    }
    done.add(node);
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node, []);
    if (cycle) return cycle.sort();
  }
  return undefined;
}
