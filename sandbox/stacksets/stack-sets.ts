import { randomUUID } from "node:crypto";
import type { StackDeps, StackSetGateway } from "../cfn/create-stack";
import { CfnError, ResourceFailure, StackSetFailure } from "../cfn/errors";
import { fetchTemplate } from "../cfn/fetch-template";
import { loadTemplate } from "../cfn/load-template";
import { targetAccounts } from "../organizations/organization";
import type { StackInstanceRecord, StackSetRecord } from "../state/schema";
import { type InstanceTarget, runOperation } from "./operation";
import { readStackSetProperties } from "./properties";

/** The resource handler's wording for an error CloudFormation's StackSets API returned. */
function handlerMessage(message: string, code = "InvalidRequest"): string {
  return `Resource handler returned message: "${message} (Service: CloudFormation, Status Code: 400, Request ID: ${randomUUID()})" (RequestToken: ${randomUUID()}, HandlerErrorCode: ${code})`;
}

/**
 * Service-managed stack sets over the sandbox's organisations: made and
 * deleted by AWS::CloudFormation::StackSet resources, kept up to date by
 * automatic deployment. Operations on one stack set run one after another, as StackSets queues them.
 */
export class StackSets implements StackSetGateway {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: StackDeps) {}

  async create(owner: { accountId: string; partition: string; stackId: string }, logicalId: string, properties: Record<string, unknown>): Promise<string> {
    const spec = readStackSetProperties(logicalId, properties);
    const store = this.deps.store;
    if (spec.permissionModel === "SELF_MANAGED") {
      throw new ResourceFailure(logicalId, handlerMessage("The sandbox supports only SERVICE_MANAGED stack sets; PermissionModel SELF_MANAGED is not supported by the sandbox"));
    }
    if (spec.callAs === "DELEGATED_ADMIN") throw new ResourceFailure(logicalId, handlerMessage("Account used is not a delegated administrator"));
    const org = store.organizations.find((o) => o.managementAccountId === owner.accountId);
    if (!org) {
      throw new ResourceFailure(logicalId, handlerMessage("You must be the management account or delegated admin account of an organization before operating a SERVICE_MANAGED stack set"));
    }
    if (store.stackSets.some((s) => s.status === "ACTIVE" && s.managementAccountId === owner.accountId && s.name === spec.name)) {
      throw new ResourceFailure(logicalId, handlerMessage(`StackSet ${spec.name} already exists`, "AlreadyExists"));
    }
    const known = new Set([org.rootId, ...org.ous.map((ou) => ou.id)]);
    const unknownOu = spec.targets.flatMap((t) => t.organizationalUnitIds).find((id) => !known.has(id));
    if (unknownOu) throw new ResourceFailure(logicalId, handlerMessage(`OrganizationalUnitIds [${unknownOu}] do not exist in the organization`));
    let templateBody: string;
    try {
      templateBody = spec.templateBody ?? (await fetchTemplate(spec.templateURL ?? ""));
      loadTemplate(templateBody);
    } catch (err) {
      if (err instanceof CfnError) throw new ResourceFailure(logicalId, handlerMessage(err.message));
      throw err;
    }
    const set: StackSetRecord = {
      stackSetId: `${spec.name}:${randomUUID()}`,
      name: spec.name,
      status: "ACTIVE",
      managementAccountId: owner.accountId,
      organizationId: org.id,
      ownerStackId: owner.stackId,
      partition: owner.partition,
      autoDeployment: spec.autoDeployment,
      capabilities: spec.capabilities,
      templateURL: spec.templateURL ?? "",
      templateBody,
      parameters: spec.parameters,
      targets: spec.targets,
      preferences: spec.preferences,
      instances: [],
      operations: [],
    };
    store.putStackSet(set);
    const operation = await this.enqueue(set.stackSetId, () => this.deployTo(set.stackSetId, this.desired(set)));
    if (operation?.status === "FAILED") {
      throw new StackSetFailure(logicalId, handlerMessage(`Stack set operation ${operation.operationId} failed: ${operation.statusReason ?? ""}`, "NotStabilized"), set.stackSetId);
    }
    return set.stackSetId;
  }

  /** Deletes every stack instance (each stack with the delete machinery), then the stack set. */
  async delete(stackSetId: string, logicalId: string): Promise<void> {
    const operation = await this.enqueue(stackSetId, async () => {
      const set = this.find(stackSetId);
      if (!set || set.status === "DELETED") return undefined;
      const op = await runOperation(this.deps, set, "DELETE", set.instances.map((i) => ({ ...i })), this.change(stackSetId), this.record(stackSetId));
      const after = this.find(stackSetId);
      if (op.status === "SUCCEEDED" && after) this.deps.store.putStackSet({ ...after, status: "DELETED", instances: [] });
      return op;
    });
    if (operation?.status === "FAILED") throw new ResourceFailure(logicalId, handlerMessage(`Stack set operation ${operation.operationId} failed: ${operation.statusReason ?? ""}`, "NotStabilized"));
  }

  /** Automatic deployment: every active stack set of the organisation that has it catches up with the accounts now in its targets. */
  accountsChanged(organizationId: string): void {
    for (const set of this.deps.store.stackSets) {
      if (set.status !== "ACTIVE" || set.organizationId !== organizationId || !set.autoDeployment.enabled) continue;
      void this.enqueue(set.stackSetId, () => this.catchUp(set.stackSetId)).catch((err: unknown) => this.deps.log(`cloudformation: automatic deployment of ${set.name} failed: ${String(err)}`));
    }
  }

  private async catchUp(stackSetId: string) {
    const set = this.find(stackSetId);
    if (!set || set.status !== "ACTIVE") return undefined;
    const desired = this.desired(set);
    const key = (t: { accountId: string; region: string }) => `${t.accountId}/${t.region}`;
    const wanted = new Set(desired.map(key));
    const leaving = set.instances.filter((i) => !wanted.has(key(i)));
    if (leaving.length > 0) {
      if (set.autoDeployment.retainStacksOnAccountRemoval) {
        // Retained stacks stay in their accounts; the stack set only forgets them.
        this.deps.store.putStackSet({ ...set, instances: set.instances.filter((i) => wanted.has(key(i))) });
      } else {
        await runOperation(this.deps, set, "DELETE", leaving.map((i) => ({ ...i })), this.change(stackSetId), this.record(stackSetId));
      }
    }
    const present = new Set((this.find(stackSetId)?.instances ?? []).map(key));
    const joining = desired.filter((t) => !present.has(key(t)));
    return joining.length > 0 ? this.deployTo(stackSetId, joining) : undefined;
  }

  private async deployTo(stackSetId: string, targets: InstanceTarget[]) {
    const set = this.find(stackSetId);
    if (!set) return undefined;
    const pending: StackInstanceRecord[] = targets.map((t) => ({ ...t, status: "OUTDATED", detailedStatus: "PENDING" }));
    this.deps.store.putStackSet({ ...set, instances: [...set.instances, ...pending] });
    return runOperation(this.deps, set, "CREATE", targets, this.change(stackSetId), this.record(stackSetId));
  }

  /** Every account and region the stack set's targets name now. */
  private desired(set: StackSetRecord): InstanceTarget[] {
    const org = this.deps.store.organizations.find((o) => o.id === set.organizationId);
    if (!org) return [];
    const seen = new Set<string>();
    return set.targets.flatMap((group) =>
      group.regions.flatMap((region) =>
        targetAccounts(org, group.organizationalUnitIds)
          .filter((a) => !seen.has(`${a.accountId}/${region}`) && seen.add(`${a.accountId}/${region}`))
          .map((a) => ({ ...a, region })),
      ),
    );
  }

  private find(stackSetId: string): StackSetRecord | undefined {
    return this.deps.store.stackSets.find((s) => s.stackSetId === stackSetId);
  }

  private change(stackSetId: string) {
    return (accountId: string, region: string, change: Partial<StackInstanceRecord> | "remove") => {
      const set = this.find(stackSetId);
      if (!set) return;
      const match = (i: StackInstanceRecord) => i.accountId === accountId && i.region === region;
      const instances =
        change === "remove"
          ? set.instances.filter((i) => !match(i))
          : set.instances.map((i) => {
              if (!match(i)) return i;
              const next = { ...i, ...change };
              if ("statusReason" in change && change.statusReason === undefined) delete next.statusReason;
              return next;
            });
      this.deps.store.putStackSet({ ...set, instances });
    };
  }

  private record(stackSetId: string) {
    return (operation: StackSetRecord["operations"][number]) => {
      const set = this.find(stackSetId);
      if (!set) return;
      const others = set.operations.filter((o) => o.operationId !== operation.operationId);
      this.deps.store.putStackSet({ ...set, operations: [...others, structuredClone(operation)] });
    };
  }

  private enqueue<T>(stackSetId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(stackSetId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.queues.set(stackSetId, next);
    return next;
  }
}
