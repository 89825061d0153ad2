import { RoleExistsError } from "../state/store";
import type { StackRecord } from "../state/schema";
import type { StackDeps, StackView } from "./create-stack";
import { callCustomResource, type CustomResourceResult, CustomResourceFailure } from "./custom-resource";
import { CfnError, ResourceFailure, StackSetFailure } from "./errors";
import { handlerMessage, type RoleIdentity, roleFromProperties } from "./iam-role";
import { resolve, resolveString, type Scope } from "./intrinsics";
import { isCustomType, STACK_SET_TYPE, type TemplateOutput, type TemplateResource } from "./template";

type ResourceRecord = StackRecord["resources"][number];

export interface CreatePlan {
  stack: StackRecord;
  order: TemplateResource[];
  outputs: TemplateOutput[];
  scope: Scope;
  identityOf: (logicalId: string) => RoleIdentity;
  state: { custom: Map<string, CustomResourceResult> } | { custom: ReadonlyMap<string, CustomResourceResult> };
  now: Date;
}

/** Resources in an order where each comes after everything it depends on (the template has no cycles). */
export function creationOrder(resources: TemplateResource[]): TemplateResource[] {
  const byId = new Map(resources.map((r) => [r.logicalId, r]));
  const ordered: TemplateResource[] = [];
  const placed = new Set<string>();
  const place = (resource: TemplateResource) => {
    if (placed.has(resource.logicalId)) return;
    placed.add(resource.logicalId);
    for (const id of resource.dependsOn) {
      const dependency = byId.get(id);
      if (dependency) place(dependency);
    }
    ordered.push(resource);
  };
  resources.forEach(place);
  return ordered;
}

/** A stack record that each change is saved to, so the console and the control API see progress. */
export function tracker(deps: StackDeps, stack: StackRecord) {
  let current: StackRecord = structuredClone(stack);
  // A stack forgotten meanwhile (POST /_sandbox/reset) stays forgotten.
  const save = () => {
    if (deps.store.findStack(current.stackId)) deps.store.putStack(structuredClone(current));
  };
  return {
    get: (): StackView => structuredClone(current),
    stack(change: Partial<StackRecord>) {
      current = { ...current, ...change };
      save();
    },
    resource(logicalId: string, change: Partial<ResourceRecord> & { type?: string }) {
      const index = current.resources.findIndex((r) => r.logicalId === logicalId);
      const next = { ...(current.resources[index] ?? { logicalId, type: change.type ?? "", status: "" }), ...change } as ResourceRecord;
      if (change.statusReason === undefined && "statusReason" in change) delete next.statusReason;
      current = { ...current, resources: index >= 0 ? current.resources.map((r, i) => (i === index ? next : r)) : [...current.resources, next] };
      save();
    },
  };
}

/**
 * Creates the resources one at a time in dependency order. The first failure
 * rolls the stack back: what was created, and a custom resource that failed,
 * are deleted in reverse order, and the stack ends ROLLBACK_COMPLETE with the reason.
 */
export async function runCreate(deps: StackDeps, plan: CreatePlan): Promise<StackView> {
  const track = tracker(deps, plan.stack);
  const custom = plan.state.custom as Map<string, CustomResourceResult>;
  const ctx = { stackId: plan.stack.stackId, region: plan.stack.region, accountId: plan.stack.accountId, partition: plan.scope.pseudo["AWS::Partition"] ?? "aws" };
  for (const resource of plan.order) {
    track.resource(resource.logicalId, { type: resource.type, status: "CREATE_IN_PROGRESS" });
    try {
      const properties = resolve(resource.properties, plan.scope) as Record<string, unknown>;
      if (isCustomType(resource.type)) {
        const result = await callCustomResource(deps.custom, { requestType: "Create", stack: ctx, logicalId: resource.logicalId, type: resource.type, properties });
        custom.set(resource.logicalId, result);
        track.resource(resource.logicalId, { status: "CREATE_COMPLETE", physicalId: result.physicalId, properties });
      } else if (resource.type === STACK_SET_TYPE) {
        if (!deps.stackSets) throw new ResourceFailure(resource.logicalId, "The sandbox cannot create stack sets here.");
        const stackSetId = await deps.stackSets.create(ctx, resource.logicalId, properties);
        custom.set(resource.logicalId, { physicalId: stackSetId, data: { StackSetId: stackSetId } });
        track.resource(resource.logicalId, { status: "CREATE_COMPLETE", physicalId: stackSetId });
      } else {
        const role = roleFromProperties(resource.logicalId, properties, plan.identityOf(resource.logicalId), { ...ctx, now: plan.now });
        addRole(deps, role, resource.logicalId);
        track.resource(resource.logicalId, { status: "CREATE_COMPLETE", physicalId: role.roleName });
      }
    } catch (err) {
      const failure = asFailure(err, resource.logicalId);
      const physicalId = failure instanceof CustomResourceFailure || failure instanceof StackSetFailure ? failure.physicalId : undefined;
      // Only a request that went out can have made something: that resource gets a Delete in the rollback.
      const sent = failure instanceof CustomResourceFailure && failure.sent;
      const properties = sent ? safeResolve(resource.properties, plan.scope) : undefined;
      track.resource(resource.logicalId, { status: "CREATE_FAILED", statusReason: failure.message, ...(physicalId ? { physicalId } : {}), ...(properties ? { properties } : {}) });
      return rollBack(deps, track, `The following resource(s) failed to create: [${resource.logicalId}]. ${failure.message}`);
    }
  }
  try {
    const outputScope: Scope = { ...plan.scope, section: "Outputs" };
    const text = (value: unknown, what: string) => resolveString(value, outputScope, what);
    const outputs = plan.outputs.map((o) => ({
      key: o.key,
      value: text(o.value, `the Value of output ${o.key}`),
      ...(o.description !== undefined ? { description: text(o.description, `the Description of output ${o.key}`) } : {}),
      ...(o.exportName !== undefined ? { exportName: text(o.exportName, `the Export Name of output ${o.key}`) } : {}),
    }));
    track.stack({ status: "CREATE_COMPLETE", outputs });
  } catch (err) {
    return rollBack(deps, track, asFailure(err, "").message);
  }
  deps.log(`cloudformation: stack ${plan.stack.stackName} in ${plan.stack.accountId}/${plan.stack.region}: CREATE_COMPLETE`);
  return track.get();
}

async function rollBack(deps: StackDeps, track: ReturnType<typeof tracker>, reason: string): Promise<StackView> {
  track.stack({ status: "ROLLBACK_IN_PROGRESS", statusReason: reason });
  const failed = await deleteResources(deps, track, ["CREATE_COMPLETE", "CREATE_FAILED"]);
  track.stack({ status: failed ? "ROLLBACK_FAILED" : "ROLLBACK_COMPLETE", statusReason: reason });
  const stack = track.get();
  deps.log(`cloudformation: stack ${stack.stackName} in ${stack.accountId}/${stack.region}: ${stack.status} (${reason})`);
  return stack;
}

/**
 * Deletes, in reverse creation order, the resources in one of `statuses`: a
 * custom resource gets a Delete request (and its answer is awaited), a role is
 * removed. Stops at the first resource that fails to delete and returns its id.
 */
export async function deleteResources(deps: StackDeps, track: ReturnType<typeof tracker>, statuses: string[]): Promise<string | undefined> {
  const stack = track.get();
  const ctx = { stackId: stack.stackId, region: stack.region, accountId: stack.accountId, partition: stack.stackId.split(":")[1] ?? "aws" };
  for (const resource of [...stack.resources].reverse()) {
    if (!statuses.includes(resource.status)) continue;
    // A resource that failed to create keeps its reason through the rollback: it says why the stack rolled back.
    track.resource(resource.logicalId, resource.status === "CREATE_FAILED" ? { status: "DELETE_IN_PROGRESS" } : { status: "DELETE_IN_PROGRESS", statusReason: undefined });
    try {
      if (isCustomType(resource.type) && resource.properties) {
        await callCustomResource(deps.custom, {
          requestType: "Delete",
          stack: ctx,
          logicalId: resource.logicalId,
          type: resource.type,
          properties: resource.properties ?? {},
          // A Create that was never answered named nothing: the Delete carries a generated stand-in id.
          physicalId: resource.physicalId ?? `${stack.stackName}-${resource.logicalId}-NOTCREATED`,
        });
      } else if (resource.type === STACK_SET_TYPE) {
        if (resource.physicalId) await deps.stackSets?.delete(resource.physicalId, resource.logicalId);
      } else if (resource.physicalId) {
        const role = deps.store.listRoles().find((r) => r.stackId === stack.stackId && r.roleName === resource.physicalId);
        if (role) deps.store.deleteRole(role.arn);
      }
      track.resource(resource.logicalId, { status: "DELETE_COMPLETE" });
    } catch (err) {
      track.resource(resource.logicalId, { status: "DELETE_FAILED", statusReason: asFailure(err, resource.logicalId).message });
      return resource.logicalId;
    }
  }
  return undefined;
}

function addRole(deps: StackDeps, role: Parameters<StackDeps["store"]["addRoles"]>[0][number], logicalId: string): void {
  try {
    deps.store.addRoles([role]);
  } catch (err) {
    if (err instanceof RoleExistsError) throw new ResourceFailure(logicalId, handlerMessage(err.message, 409));
    throw err;
  }
}

function asFailure(err: unknown, logicalId: string): ResourceFailure {
  if (err instanceof ResourceFailure) return err;
  if (err instanceof CfnError) return new ResourceFailure(logicalId, err.message);
  throw err;
}

function safeResolve(value: Record<string, unknown>, scope: Scope): Record<string, unknown> | undefined {
  try {
    return resolve(value, scope) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
