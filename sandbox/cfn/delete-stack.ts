import type { StackRecord } from "../state/schema";
import type { StackDeps, StackOperation } from "./create-stack";
import { CfnError } from "./errors";
import { deleteResources, tracker } from "./stack-run";

const DELETABLE = new Set(["CREATE_COMPLETE", "ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "DELETE_FAILED", "CREATE_FAILED"]);

/**
 * DeleteStack: custom resources get their Delete request (answer awaited) and
 * roles are removed, in reverse creation order; DELETE_COMPLETE, or
 * DELETE_FAILED naming the resource that could not be deleted (deleting again retries it).
 */
export function deleteStack(deps: StackDeps, stack: StackRecord): StackOperation {
  if (stack.status === "DELETE_COMPLETE") return { stack, done: Promise.resolve(stack) };
  if (!DELETABLE.has(stack.status)) {
    throw new CfnError("ValidationError", `Stack [${stack.stackName}] cannot be deleted while in status ${stack.status}`);
  }
  const track = tracker(deps, stack);
  track.stack({ status: "DELETE_IN_PROGRESS" });
  const done = (async () => {
    const failed = await deleteResources(deps, track, ["CREATE_COMPLETE", "CREATE_FAILED", "DELETE_FAILED"]);
    if (failed) track.stack({ status: "DELETE_FAILED", statusReason: `The following resource(s) failed to delete: [${failed}]. ` });
    else track.stack({ status: "DELETE_COMPLETE", statusReason: undefined });
    const final = track.get();
    deps.log(`cloudformation: stack ${final.stackName} in ${final.accountId}/${final.region}: ${final.status}`);
    return final;
  })();
  return { stack: track.get(), done };
}
