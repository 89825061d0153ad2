import { CHECK_LABELS, type CheckId } from "./checks";
import type { Clock, RetryNotice } from "./retry";

/**
 * Recording checks as they run: their timing, the live progress events the UI
 * shows, and the final list. Only fields passed in here are ever emitted, and
 * verification passes nothing credential-shaped.
 */

/** How a check ended. */
export type CheckState = "passed" | "failed" | "skipped";

/** One finished check, as stored in the verification history. */
export interface VerificationCheck {
  id: CheckId;
  label: string;
  state: CheckState;
  /** ISO 8601. */
  startedAt: string;
  durationMs: number;
  attempts: number;
  awsCode?: string;
  requestId?: string;
  message?: string;
}

/** A check still running, or waiting before its next attempt. */
export interface CheckInProgress {
  id: CheckId;
  label: string;
  state: "running" | "waiting";
  startedAt: string;
  /** Attempts made so far. */
  attempts: number;
  message?: string;
  awsCode?: string;
  retryInMs?: number;
}

/** What `onProgress` receives: the latest state of one check. */
export type VerificationProgress = CheckInProgress | VerificationCheck;

/** A check that has started. */
export interface RunningCheck {
  id: CheckId;
  startedAtMs: number;
}

const WAITING_MESSAGES: Record<string, (attempt: number) => string> = {
  propagation: (n) => `Waiting for AWS to make the new role usable (attempt ${n})`,
  throttled: (n) => `AWS asked us to slow down; trying again (attempt ${n})`,
  "aws-unavailable": (n) => `AWS reported a temporary error; trying again (attempt ${n})`,
  timeout: (n) => `No answer from AWS in time; trying again (attempt ${n})`,
  network: (n) => `Could not reach AWS; trying again (attempt ${n})`,
};

/** Collects checks in order and reports each change to `onProgress`. */
export class CheckRecorder {
  readonly checks: VerificationCheck[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly onProgress?: (progress: VerificationProgress) => void,
  ) {}

  /** Marks a check as running. */
  start(id: CheckId): RunningCheck {
    const run = { id, startedAtMs: this.clock.now() };
    this.emit({ id, label: CHECK_LABELS[id], state: "running", startedAt: iso(run.startedAtMs), attempts: 0 });
    return run;
  }

  /** Reports that a check will try again after a pause, and why. */
  waiting(run: RunningCheck, notice: RetryNotice): void {
    const key = notice.reason === "propagation" ? "propagation" : notice.error.kind;
    const message = (WAITING_MESSAGES[key] ?? ((n: number) => `Trying again (attempt ${n})`))(notice.nextAttempt);
    this.emit({
      id: run.id,
      label: CHECK_LABELS[run.id],
      state: "waiting",
      startedAt: iso(run.startedAtMs),
      attempts: notice.nextAttempt - 1,
      message,
      ...(notice.error.code && { awsCode: notice.error.code }),
      retryInMs: notice.waitMs,
    });
  }

  /** Records how a started check ended. */
  finish(run: RunningCheck, state: CheckState, fields: Pick<VerificationCheck, "attempts" | "awsCode" | "requestId" | "message">): void {
    this.record({
      id: run.id,
      label: CHECK_LABELS[run.id],
      state,
      startedAt: iso(run.startedAtMs),
      durationMs: Math.max(0, this.clock.now() - run.startedAtMs),
      ...definedOnly(fields),
    });
  }

  /** Records a check that did not run, and why. */
  skip(id: CheckId, message: string): void {
    const now = this.clock.now();
    this.record({ id, label: CHECK_LABELS[id], state: "skipped", startedAt: iso(now), durationMs: 0, attempts: 0, message });
  }

  private record(check: VerificationCheck): void {
    this.checks.push(check);
    this.emit(check);
  }

  private emit(progress: VerificationProgress): void {
    try {
      this.onProgress?.({ ...progress });
    } catch {
      // A listener that fails (say, a closed stream to the browser) must not stop the verification or its history row.
    }
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

// Leaves optional fields out rather than `undefined`, so results compare and serialise cleanly.
function definedOnly<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as T;
}
