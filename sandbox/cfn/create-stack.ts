import { randomUUID } from "node:crypto";
import { partitionForRegion } from "../arn";
import type { RoleRecord, StackRecord } from "../state/schema";
import { RoleExistsError, type SandboxStore } from "../state/store";
import { CfnError, ResourceFailure } from "./errors";
import { handlerMessage, roleFromProperties } from "./iam-role";
import { resolve, resolveString, type Scope } from "./intrinsics";
import { loadTemplate } from "./load-template";
import { resolveParameterValues } from "./parameter-values";
import { stackScope } from "./stack-scope";

export interface CreateStackInput {
  templateText: string;
  templateURL: string;
  stackName: string;
  region: string;
  accountId: string;
  parameters: Record<string, string>;
  capabilities: string[];
}

/** A stack as the console shows it; a failed one carries the reason it rolled back. */
export interface StackView extends StackRecord {
  statusReason?: string;
}

/**
 * CreateStack, synchronously. Request and template errors are thrown as
 * CfnError and create nothing. Roles are then created all or nothing; a
 * resource failure rolls the stack back (ROLLBACK_COMPLETE) and is reported but
 * not kept, so the user can fix the input and reuse the stack name.
 */
export function createStack(store: SandboxStore, input: CreateStackInput, now: Date): StackView {
  if (!/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/.test(input.stackName)) {
    throw new CfnError(
      "ValidationError",
      `1 validation error detected: Value '${input.stackName}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`,
      { field: "stackName" },
    );
  }
  if (store.findStackByName(input.accountId, input.region, input.stackName)) {
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
  const { scope, identityOf } = stackScope(template, values, { stackId, stackName: input.stackName, region: input.region, partition, accountId: input.accountId });
  const outputScope: Scope = { ...scope, section: "Outputs" };
  const text = (value: unknown, what: string) => resolveString(value, outputScope, what);
  const base = {
    stackId,
    stackName: input.stackName,
    accountId: input.accountId,
    region: input.region,
    createdAt: now.toISOString(),
    templateURL: input.templateURL,
    ...(template.description !== undefined ? { description: template.description } : {}),
    parameters: template.parameters.map((p) => ({ key: p.name, value: p.noEcho ? "****" : [values.get(p.name) ?? ""].flat().join(",") })),
  };

  try {
    const roles = template.resources.map((r) =>
      roleFromProperties(r.logicalId, resolve(r.properties, scope) as Record<string, unknown>, identityOf(r.logicalId), {
        partition,
        accountId: input.accountId,
        stackId,
        now,
      }),
    );
    const outputs = template.outputs.map((o) => ({
      key: o.key,
      value: text(o.value, `the Value of output ${o.key}`),
      ...(o.description !== undefined ? { description: text(o.description, `the Description of output ${o.key}`) } : {}),
      ...(o.exportName !== undefined ? { exportName: text(o.exportName, `the Export Name of output ${o.key}`) } : {}),
    }));
    addRoles(store, roles, template.resources.map((r) => r.logicalId));
    const stack: StackRecord = {
      ...base,
      status: "CREATE_COMPLETE",
      outputs,
      resources: roles.map((role, i) => ({ logicalId: template.resources[i]?.logicalId ?? "", type: "AWS::IAM::Role", physicalId: role.roleName })),
    };
    store.addStack(stack);
    return stack;
  } catch (err) {
    if (!(err instanceof ResourceFailure)) throw err;
    return {
      ...base,
      status: "ROLLBACK_COMPLETE",
      statusReason: `The following resource(s) failed to create: [${err.logicalId}]. ${err.message}`,
      outputs: [],
      resources: [],
    };
  }
}

function addRoles(store: SandboxStore, roles: RoleRecord[], logicalIds: string[]): void {
  try {
    store.addRoles(roles);
  } catch (err) {
    if (!(err instanceof RoleExistsError)) throw err;
    const index = roles.findIndex((r) => r.roleName.toLowerCase() === err.roleName.toLowerCase());
    throw new ResourceFailure(logicalIds[Math.max(index, 0)] ?? "", handlerMessage(err.message, 409));
  }
}
