import { randomUUID } from "node:crypto";
import { createStack, type StackDeps } from "../cfn/create-stack";
import { deleteStack } from "../cfn/delete-stack";
import { CfnError } from "../cfn/errors";
import type { StackInstanceRecord, StackSetOperationRecord, StackSetRecord } from "../state/schema";

/** One account and region an operation acts on. */
export interface InstanceTarget {
  accountId: string;
  region: string;
  ouId: string;
}

type Change = (accountId: string, region: string, change: Partial<StackInstanceRecord> | "remove") => void;

/**
 * Runs one stack set operation as StackSets does: region by region
 * (SEQUENTIAL) or all regions at once (PARALLEL); within a region at most the
 * concurrency limit of accounts at a time, and no new account is started once
 * more accounts have failed than the failure tolerance allows. What was not
 * started is CANCELLED; a later region of a sequential operation that stopped is not started at all.
 */
export async function runOperation(
  deps: StackDeps,
  set: StackSetRecord,
  action: "CREATE" | "DELETE",
  targets: InstanceTarget[],
  change: Change,
  record: (operation: StackSetOperationRecord) => void,
): Promise<StackSetOperationRecord> {
  const operation: StackSetOperationRecord = {
    operationId: randomUUID(),
    action,
    status: "RUNNING",
    createdAt: new Date().toISOString(),
    counts: { total: targets.length, succeeded: 0, failed: 0, cancelled: 0 },
  };
  record(operation);
  const failures: string[] = [];
  const byRegion = new Map<string, InstanceTarget[]>();
  for (const target of targets) byRegion.set(target.region, [...(byRegion.get(target.region) ?? []), target]);
  const act = async (target: InstanceTarget): Promise<boolean> => {
    const reason = action === "CREATE" ? await deploy(deps, set, target, change) : await remove(deps, set, target, change);
    if (reason === undefined) operation.counts.succeeded++;
    else {
      operation.counts.failed++;
      failures.push(`${target.accountId}/${target.region}: ${reason}`);
    }
    record(operation);
    return reason === undefined;
  };
  const cancel = (target: InstanceTarget) => {
    operation.counts.cancelled++;
    change(target.accountId, target.region, { detailedStatus: "CANCELLED", statusReason: "Cancelled since failure tolerance has exceeded" });
  };
  let stopped = false;
  const runRegion = async (items: InstanceTarget[]) => {
    if (stopped) return items.forEach(cancel);
    const { limit, tolerance } = limits(set.preferences, items.length);
    if (await pool(items, limit, tolerance, act, cancel)) stopped = true;
  };
  if (set.preferences.regionConcurrencyType === "PARALLEL") await Promise.all([...byRegion.values()].map(runRegion));
  else for (const items of byRegion.values()) await runRegion(items);

  operation.status = operation.counts.failed > 0 && (stopped || action === "DELETE") ? "FAILED" : "SUCCEEDED";
  if (operation.status === "FAILED") operation.statusReason = `${operation.counts.failed} stack instance(s) failed: ${failures.join("; ")}`;
  operation.endedAt = new Date().toISOString();
  record(operation);
  deps.log(`cloudformation: stack set ${set.name} operation ${action} ${operation.status} (${JSON.stringify(operation.counts)})`);
  return operation;
}

/** The concurrency and failure tolerance of one region, from counts or percentages of its accounts (percentages round down; concurrency at least 1). */
function limits(prefs: StackSetRecord["preferences"], accounts: number): { limit: number; tolerance: number } {
  const limit = prefs.maxConcurrentCount ?? Math.max(1, Math.floor(((prefs.maxConcurrentPercentage ?? 0) * accounts) / 100));
  const tolerance = prefs.failureToleranceCount ?? Math.floor(((prefs.failureTolerancePercentage ?? 0) * accounts) / 100);
  return { limit, tolerance };
}

/** Runs `act` over items, `limit` at a time, until failures exceed `tolerance`; the rest are cancelled. True when it stopped early. */
async function pool<T>(items: T[], limit: number, tolerance: number, act: (item: T) => Promise<boolean>, cancel: (item: T) => void): Promise<boolean> {
  let next = 0;
  let failures = 0;
  const worker = async () => {
    while (failures <= tolerance && next < items.length) {
      const item = items[next++] as T;
      if (!(await act(item))) failures++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  items.slice(next).forEach(cancel);
  return next < items.length;
}

/** Creates the instance's stack in the member account with the same machinery as any stack; the failure reason, if any. */
async function deploy(deps: StackDeps, set: StackSetRecord, target: InstanceTarget, change: Change): Promise<string | undefined> {
  change(target.accountId, target.region, { status: "OUTDATED", detailedStatus: "RUNNING", statusReason: undefined });
  try {
    const input = {
      templateText: set.templateBody,
      templateURL: set.templateURL,
      stackName: `StackSet-${set.name}-${randomUUID()}`,
      region: target.region,
      accountId: target.accountId,
      parameters: set.parameters,
      capabilities: set.capabilities,
    };
    const { stack, done } = createStack(deps, input, new Date());
    change(target.accountId, target.region, { stackId: stack.stackId });
    const final = await done;
    if (final.status === "CREATE_COMPLETE") {
      change(target.accountId, target.region, { status: "CURRENT", detailedStatus: "SUCCEEDED" });
      return undefined;
    }
    const reason = final.statusReason ?? final.status;
    change(target.accountId, target.region, { detailedStatus: "FAILED", statusReason: reason });
    return reason;
  } catch (err) {
    if (!(err instanceof CfnError)) throw err;
    change(target.accountId, target.region, { detailedStatus: "FAILED", statusReason: err.message });
    return err.message;
  }
}

/** Deletes the instance's stack with the delete machinery (custom resources get Delete); the failure reason, if any. */
async function remove(deps: StackDeps, _set: StackSetRecord, target: InstanceTarget & { stackId?: string }, change: Change): Promise<string | undefined> {
  const stack = target.stackId ? deps.store.findStack(target.stackId) : undefined;
  if (stack && stack.status !== "DELETE_COMPLETE") {
    change(target.accountId, target.region, { detailedStatus: "RUNNING" });
    try {
      const final = await deleteStack(deps, stack).done;
      if (final.status !== "DELETE_COMPLETE") {
        const reason = final.statusReason ?? final.status;
        change(target.accountId, target.region, { status: "OUTDATED", detailedStatus: "FAILED", statusReason: reason });
        return reason;
      }
    } catch (err) {
      if (!(err instanceof CfnError)) throw err;
      change(target.accountId, target.region, { status: "OUTDATED", detailedStatus: "FAILED", statusReason: err.message });
      return err.message;
    }
  }
  change(target.accountId, target.region, "remove");
  return undefined;
}
