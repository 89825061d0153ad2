import { randomUUID } from "node:crypto";
import { partitionForRegion } from "../arn";
import type { StackRecord } from "../state/schema";
import type { SandboxStore } from "../state/store";
import { evaluateConditions } from "./conditions";
import type { CustomResourceGateway } from "./custom-resource";
import { CfnError, templateError } from "./errors";
import { resolve, type Scope } from "./intrinsics";
import { loadTemplate } from "./load-template";
import { resolveParameterValues } from "./parameter-values";
import { pseudoParameters, stackScope, type StackState } from "./stack-scope";
import { creationOrder, runCreate } from "./stack-run";

export interface CreateStackInput {
  templateText: string;
  templateURL: string;
  stackName: string;
  region: string;
  accountId: string;
  parameters: Record<string, string>;
  capabilities: string[];
}

/** What stack operations need: the state, the way to custom resources (SNS and the ResponseURLs) and to stack sets. */
export interface StackDeps {
  store: SandboxStore;
  custom: CustomResourceGateway;
  log: (msg: string) => void;
  /** Where AWS::CloudFormation::StackSet resources go; without it they fail. */
  stackSets?: StackSetGateway;
}

/** Creates and deletes the stack sets of AWS::CloudFormation::StackSet resources; failures are ResourceFailure (StackSetFailure once the stack set exists). */
export interface StackSetGateway {
  /** The new stack set's id, `<name>:<uuid>`, once its instances are deployed. */
  create(owner: { accountId: string; partition: string; stackId: string }, logicalId: string, properties: Record<string, unknown>): Promise<string>;
  delete(stackSetId: string, logicalId: string): Promise<void>;
}

/** A stack as the console shows it (the status reason is in the record). */
export type StackView = StackRecord;

/** A started operation: the stack as it is now, and the stack once it has settled. */
export interface StackOperation {
  stack: StackView;
  done: Promise<StackView>;
}

/** Statuses after which the stack's name is free again (a rolled-back stack is not kept in the way). */
const FINISHED = new Set(["ROLLBACK_COMPLETE", "DELETE_COMPLETE"]);

/**
 * CreateStack. Request and template errors (every reference is resolved in a
 * dry run first) are thrown as CfnError and create nothing. The stack is then
 * CREATE_IN_PROGRESS and its resources are created in dependency order in the
 * background; without custom resources that completes within the same turn.
 */
export function createStack(deps: StackDeps, input: CreateStackInput, now: Date): StackOperation {
  if (!/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/.test(input.stackName)) {
    throw new CfnError(
      "ValidationError",
      `1 validation error detected: Value '${input.stackName}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`,
      { field: "stackName" },
    );
  }
  const existing = deps.store.findStackByName(input.accountId, input.region, input.stackName);
  if (existing && !FINISHED.has(existing.status)) {
    throw new CfnError("AlreadyExistsException", `Stack [${input.stackName}] already exists`, { field: "stackName" });
  }
  const template = loadTemplate(input.templateText);
  const acknowledged = (c: string) => input.capabilities.includes(c) || input.capabilities.includes("CAPABILITY_NAMED_IAM");
  const missing = template.capabilities.filter((c) => !acknowledged(c));
  if (missing.length > 0) throw new CfnError("InsufficientCapabilitiesException", `Requires capabilities : [${missing.join(", ")}]`, {
      field: "capabilities",
    });
  const values = resolveParameterValues(template.parameters, input.parameters);

  const partition = partitionForRegion(input.region);
  const stackId = `arn:${partition}:cloudformation:${input.region}:${input.accountId}:stack/${input.stackName}/${randomUUID()}`;
  const context = { stackId, stackName: input.stackName, region: input.region, partition, accountId: input.accountId };
  const conditions = evaluateConditions(template.conditions, { parameters: values, pseudo: pseudoParameters(context), resources: new Map() });
  const resources = template.resources.filter((r) => r.condition === undefined || conditions.get(r.condition));
  const outputs = template.outputs.filter((o) => o.condition === undefined || conditions.get(o.condition));
  const state: StackState = { conditions, included: new Set(resources.map((r) => r.logicalId)), custom: new Map() };
  for (const resource of resources) {
    const excluded = resource.dependsOn.find((id) => !state.included.has(id));
    if (excluded) throw templateError(`Template format error: Unresolved resource dependencies [${excluded}] in the Resources block of the template`);
  }
  const { scope, identityOf } = stackScope(template, values, context, state);
  // The dry run: every reference must resolve before anything is created, as CloudFormation checks them.
  for (const resource of resources) resolve(resource.properties, scope);
  const outputScope: Scope = { ...scope, section: "Outputs" };
  for (const output of outputs) resolve([output.value, output.description, output.exportName], outputScope);

  if (existing) deps.store.removeStack(existing.stackId);
  const stack: StackRecord = {
    stackId,
    stackName: input.stackName,
    accountId: input.accountId,
    region: input.region,
    status: "CREATE_IN_PROGRESS",
    createdAt: now.toISOString(),
    templateURL: input.templateURL,
    ...(template.description !== undefined ? { description: template.description } : {}),
    parameters: template.parameters.map((p) => ({ key: p.name, value: p.noEcho ? "****" : [values.get(p.name) ?? ""].flat().join(",") })),
    outputs: [],
    resources: [],
  };
  deps.store.putStack(stack);
  const done = runCreate(deps, { stack, order: creationOrder(resources), outputs, scope, identityOf, state, now });
  return { stack: deps.store.findStack(stackId) ?? stack, done };
}
