import type { Clock } from "@/lib/aws/retry";

/**
 * How scheduled health checks run. Every check takes its STS calls from the one budget bulk jobs
 * use (lib/jobs/sts-budget.ts): at the default 24 h, 100,000 connections need 1.2 checks (4.6
 * calls) a second, a small share of it; a bulk job running meanwhile slows them, and that is all.
 */
export const HEALTH_SETTINGS = {
  /** How often an instance claims what falls due next. */
  tickMs: 1_000,
  /** Checks due within this are claimed now and started at their due time, so start times stay as even as the schedule. */
  aheadMs: 2_000,
  /** At most this many claimed per tick (a backlog after downtime drains over several ticks). */
  batchLimit: 200,
  /** Checks running at once per instance (each is ~4 STS calls over a few hundred ms). */
  concurrency: 20,
  /** A claim is this instance's for this long: a crashed instance's checks are due again then. Covers a check and its confirmation (2 × 120 s). */
  leaseMs: 5 * 60_000,
  /** Inconclusive checks are tried again after these delays (jittered ±20 %), then at the next regular time. */
  retryDelaysMs: [60_000, 5 * 60_000, 15 * 60_000],
  /** How often new connections are given a due time. */
  spreadEveryMs: 30_000,
  /** A batch whose answering roles all refused, this many of them verified until now, is a partner-side failure. */
  partnerBatchMinVerified: 3,
  /** STS calls a check makes (reserved from the shared budget before it starts). */
  callsPerCheck: 4,
};

export type HealthSettings = typeof HEALTH_SETTINGS & { intervalMs: number };

/**
 * The next regular due time after a check that was due at `due`: one interval later, or more when
 * the check ran late (downtime), so each connection keeps its place in the spread.
 */
export function nextRegularDue(due: number, now: number, intervalMs: number): number {
  return due + intervalMs * Math.max(1, Math.ceil((now - due) / intervalMs));
}

/** When an inconclusive check is tried again (`attempt` counts from 1), or null once retries are spent. */
export function retryDue(attempt: number, now: number, settings: Pick<HealthSettings, "retryDelaysMs">, clock: Pick<Clock, "random">): number | null {
  const delay = settings.retryDelaysMs[attempt - 1];
  if (delay === undefined) return null;
  return now + Math.round(delay * (0.8 + 0.4 * clock.random()));
}
