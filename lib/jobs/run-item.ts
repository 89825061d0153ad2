import { classifyStsError } from "@/lib/aws/aws-errors";
import type { VerificationProgress, VerificationResult } from "@/lib/aws/verify";
import { type ItemEnd, releaseItems } from "@/lib/dal/job-lifecycle";
import type { ClaimedItem } from "@/lib/dal/job-queue";
import type { VerificationTarget } from "@/lib/dal/verifications";
import type { VerifyOptions } from "@/lib/verification/run";
import type { StsBudget } from "./sts-budget";
import type { ThrottleBackoff } from "./throttle";

/** Verifies and records one connection: `verifyTarget`, or a fake in tests. */
export type VerifyFn = (target: VerificationTarget, options: VerifyOptions) => Promise<VerificationResult>;

/** What running one item needs from its worker. */
export type ItemContext = {
  verify: VerifyFn;
  throttle: ThrottleBackoff;
  budget: StsBudget | null;
  callsPerVerification: number;
  maxAttempts: number;
  /** The job's creator, recorded as the actor of each verification. */
  actorUserId: string | null;
  /** Called once the item's STS calls are over (its result still to be written): frees its slot. */
  checked?: () => void;
  /** Records how the item ended (batched: see Completions). */
  complete: (item: ClaimedItem, end: ItemEnd) => void;
};

/** What became of an item: verified and recorded, skipped, or handed back to be tried again. */
export type ItemOutcome = "done" | "skipped" | "retry";

const isThrottle = (progress: VerificationProgress) =>
  progress.state === "waiting" && progress.awsCode !== undefined && classifyStsError({ name: progress.awsCode }).kind === "throttled";

/**
 * Runs one claimed item. A throttled STS call anywhere slows the whole worker (the shared
 * backoff), and a verification that still ended throttled goes back to the queue rather than
 * counting as the customer's failure. Errors (the database above all) are thrown to the caller
 * and the item is left to its lease: it is claimed again later, never marked done unrecorded.
 */
export async function runItem(ctx: ItemContext, item: ClaimedItem, target: VerificationTarget | "gone"): Promise<ItemOutcome> {
  // Removed since the job started, or claimed too often (each claim follows a crash or a throttle).
  if (target === "gone" || item.attempts > ctx.maxAttempts) {
    ctx.complete(item, { status: "skipped" });
    return "skipped";
  }
  await ctx.throttle.wait();
  await ctx.budget?.acquire(ctx.callsPerVerification);
  const result = await ctx.verify(target, {
    trigger: "bulk",
    actorUserId: ctx.actorUserId,
    ...(ctx.checked ? { onChecked: ctx.checked } : {}),
    onProgress: (progress) => {
      if (isThrottle(progress)) ctx.throttle.report();
    },
  });
  if (result.failure?.code === "throttled") {
    ctx.throttle.report();
    if (item.attempts < ctx.maxAttempts) {
      await releaseItems([item]);
      return "retry";
    }
  }
  ctx.complete(item, { status: "done", outcome: result.status });
  return "done";
}
