import type { Clock } from "@/lib/aws/retry";
import type { ConnectionStatus } from "@/lib/dal/connections";
import { clearHealthAlert, raiseHealthAlert } from "@/lib/dal/health-alerts";
import { type CheckEnd, type ClaimedCheck, finishChecks, recordInconclusive } from "@/lib/dal/health-checks";
import { recordVerification } from "@/lib/dal/verifications";
import { logger } from "@/lib/log";
import { logOutcome } from "@/lib/verification/run";
import { type Observation, PARTNER_ALERT } from "./classify";
import { type HealthSettings, nextRegularDue, retryDue } from "./settings";
import { inconclusiveReason } from "./words";

/** The writes a settled check makes (the real DAL; tests may wrap them). */
export type Recorder = {
  recordVerification: typeof recordVerification;
  recordInconclusive: typeof recordInconclusive;
  finishChecks: typeof finishChecks;
  raiseAlert: typeof raiseHealthAlert;
  clearAlert: typeof clearHealthAlert;
};

/** What settling needs from the scheduler. */
export type SettleHost = {
  context: { settings: HealthSettings; clock: Clock; recorder: Partial<Recorder> };
  stats: { confirmations: number; inconclusive: number };
  /** False once this instance has seen the alert cleared, so a healthy batch costs no write; true again when raised. */
  alertMaybeRaised: boolean;
  timed<T>(label: string, query: () => Promise<T>): Promise<T>;
  observe(target: ClaimedCheck["target"], due: number): Promise<Observation | null>;
};

type Observed = { claim: ClaimedCheck; status: ConnectionStatus; observation: Observation };

/**
 * Writes what a batch of scheduled checks found. A check that agrees with the connection's status
 * is recorded as it is. One that disagrees is checked again at once and only the re-check is
 * recorded: the change when it repeats, nothing changed when it does not (a blip leaves no trace
 * but its log line). Inconclusive and partner-side checks go into the history as inconclusive and
 * are tried again with backoff; a partner-side failure raises the alert once, and a check that
 * got into a customer's role clears it.
 */
export async function settle(host: SettleHost, batch: readonly Observed[], partnerSide: boolean, released: readonly ClaimedCheck[] = []): Promise<void> {
  const r: Recorder = { recordVerification, recordInconclusive, finishChecks, raiseAlert: raiseHealthAlert, clearAlert: clearHealthAlert, ...host.context.recorder };
  // Stopped before they started: due again as they were, for any instance.
  const ends: CheckEnd[] = released.map((claim) => ({ claim, at: claim.due, inconclusiveChecks: claim.inconclusiveChecks }));
  let partnerReason: string | undefined;
  let reachedRoles = false;
  const settled = await Promise.allSettled(
    batch.map(async ({ claim, status, observation: first }) => {
      let observation = first;
      if (partnerSide && observation.kind === "conclusive") observation = { kind: "partner", result: observation.result, reason: "partner-denied" };
      if (observation.kind === "conclusive" && observation.result.status !== status) {
        host.stats.confirmations++;
        const again = await host.observe(claim.target, 0);
        if (again === null) return void ends.push({ claim, at: claim.due, inconclusiveChecks: claim.inconclusiveChecks });
        logger().info({ connectionId: claim.target.connectionId, from: status, to: observation.result.status, confirmed: again.kind === "conclusive" && again.result.status === observation.result.status }, "health check: status change re-checked");
        observation =
          again.kind !== "conclusive" || again.result.status === status || again.result.status === observation.result.status
            ? again
            : { kind: "inconclusive", result: again.result, reason: "unconfirmed" };
      }
      const now = host.context.clock.now();
      const { settings } = host.context;
      const regular = nextRegularDue(claim.due.getTime(), now, settings.intervalMs);
      if (observation.kind === "conclusive") {
        if (observation.result.status !== "failed") reachedRoles = true;
        await r.recordVerification({ target: claim.target, trigger: "scheduled", actorUserId: null, result: observation.result });
        logOutcome(claim.target, "scheduled", observation.result);
        ends.push({ claim, at: new Date(regular), inconclusiveChecks: 0 });
        return;
      }
      host.stats.inconclusive++;
      if (observation.kind === "partner") partnerReason ??= observation.reason;
      await r.recordInconclusive({ target: claim.target, result: observation.result, reason: observation.reason });
      const attempt = claim.inconclusiveChecks + 1;
      const retry = retryDue(attempt, now, settings, host.context.clock);
      const next = retry === null || retry > regular ? { at: regular, inconclusiveChecks: 0 } : { at: retry, inconclusiveChecks: attempt };
      ends.push({ claim, at: new Date(next.at), inconclusiveChecks: next.inconclusiveChecks });
    }),
  );
  // One statement for the batch's next due times. A check whose recording failed is not in it: it
  // stays leased and is due again when the lease ends.
  await host.timed("finish", () => r.finishChecks(ends));
  const failed = settled.find((s) => s.status === "rejected");
  if (failed) throw failed.reason;
  if (partnerReason !== undefined) {
    host.alertMaybeRaised = true;
    if (await host.timed("alert", () => r.raiseAlert(PARTNER_ALERT, partnerReason!, inconclusiveReason(partnerReason!)))) {
      logger().error({ reason: partnerReason }, "health checks: the partner's own AWS access is failing; customers' statuses are left as they are");
    }
  } else if (reachedRoles && host.alertMaybeRaised) {
    host.alertMaybeRaised = false;
    if (await host.timed("alert", () => r.clearAlert(PARTNER_ALERT))) logger().info("health checks: the partner's AWS access works again");
  }
}
