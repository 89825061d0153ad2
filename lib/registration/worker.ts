import "server-only";
import pLimit, { type LimitFunction } from "p-limit";
import { Alarm } from "@/lib/background/alarm";
import { BULK_SETTINGS } from "@/lib/jobs/settings";
import { sharedStsBudget } from "@/lib/jobs/sts-budget";
import { claimRegistrationRequests, type ClaimedRequest, notePutAttempt, recordOutcome, type RequestOutcome, saveDecision } from "@/lib/dal/registration-queue";
import { logger } from "@/lib/log";
import { liveRegistrationCheck, type RegistrationCheck } from "./check";
import { decide } from "./decide";
import { checkResponseUrl, putResponse, type ResponseTarget } from "./response-url";

export type RegistrationWorkerSettings = {
  /**
   * Requests in progress at once, per instance (each may wait up to two minutes on IAM
   * propagation). The STS budget, not this, paces the live checks of a whole organisation's stacks.
   */
  concurrency: number;
  pollMs: number;
  /** A claimed request is claimed again by anyone once this passes (its worker died). */
  leaseMs: number;
  putTimeoutMs: number;
  /** First retry delay; each next one doubles, up to `retryCapMs`, ±20%. */
  retryBaseMs: number;
  retryCapMs: number;
  /** PUTs that fail on the network or with a 5xx, before giving up. */
  maxPutAttempts: number;
  /** How long a check AWS could not finish is retried before the stack is answered FAILED (under CloudFormation's one hour). */
  decideWindowMs: number;
};

export const REGISTRATION_SETTINGS: RegistrationWorkerSettings = {
  concurrency: 40,
  pollMs: 1_000,
  leaseMs: 5 * 60_000,
  putTimeoutMs: 10_000,
  retryBaseMs: 1_000,
  retryCapMs: 5 * 60_000,
  maxPutAttempts: 12,
  decideWindowMs: 30 * 60_000,
};

/** Waits until a live check's STS calls fit the deployment's shared STS budget. */
export type AcquireSts = (calls: number) => Promise<void>;

type Dependencies = {
  check: RegistrationCheck;
  put: typeof putResponse;
  target: () => ResponseTarget;
  /** Default: the shared budget of bulk jobs and scheduled checks, for the live check; none for an injected one. */
  acquireSts: AcquireSts | null;
};

/**
 * Answers CloudFormation's custom-resource requests: claims due ones (shared with every other
 * instance on the database), decides each once (register, re-verify or disconnect) and keeps that
 * answer, then PUTs it to the ResponseURL with retries and backoff. Nothing is lost to a crash: an
 * unrecorded request is claimed again after its lease, and deciding again finds what was done.
 */
export class RegistrationWorker {
  private readonly settings: RegistrationWorkerSettings;
  private readonly limit: LimitFunction;
  private readonly held = new Set<string>();
  private readonly alarm = new Alarm();
  private readonly check: RegistrationCheck;
  private stopping = false;
  private loop: Promise<void> | undefined;

  constructor(
    settings: Partial<RegistrationWorkerSettings>,
    private readonly deps: Partial<Dependencies> & Pick<Dependencies, "target">,
  ) {
    this.settings = { ...REGISTRATION_SETTINGS, ...settings };
    this.limit = pLimit(this.settings.concurrency);
    const check = deps.check ?? liveRegistrationCheck;
    const acquire = deps.acquireSts !== undefined ? deps.acquireSts : deps.check ? null : liveBudget();
    // Every registration of an organisation-wide StackSet arrives at once: their live checks take
    // their STS calls from the same budget as bulk jobs, so all instances together stay under STS's quota.
    this.check = acquire ? async (input) => (await acquire(BULK_SETTINGS.callsPerVerification), check(input)) : check;
  }

  start(): this {
    this.loop ??= this.run();
    return this;
  }

  /** Looks for due requests now rather than at the next poll. */
  nudge(): void {
    this.alarm.wake();
  }

  /** Stops claiming and waits for the requests in progress. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.alarm.wake();
    await this.loop;
    while (this.limit.activeCount + this.limit.pendingCount > 0) await new Promise((r) => setTimeout(r, 20));
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let full = false;
      try {
        const room = this.settings.concurrency - this.held.size;
        if (room > 0) {
          const claimed = await claimRegistrationRequests(room, this.settings.leaseMs);
          for (const request of claimed) this.schedule(request);
          full = claimed.length === room;
        }
      } catch (error) {
        logger().error({ err: error }, "registration worker: loop error; retrying");
      }
      // Full: woken as soon as a request ends and a slot frees up.
      if (!this.stopping && !full) await this.alarm.nap(this.settings.pollMs);
      else if (full && !this.stopping) await this.alarm.nap(this.settings.pollMs * 10);
    }
  }

  private schedule(request: ClaimedRequest): void {
    this.held.add(request.id);
    void this.limit(async () => {
      try {
        await this.process(request);
      } catch (error) {
        // Left to its lease: claimed again later, by any instance; deciding again is idempotent.
        logger().error({ err: error, registrationRequestId: request.id }, "registration worker: request failed to run; it will be retried after its lease");
      } finally {
        this.held.delete(request.id);
        this.alarm.wake();
      }
    });
  }

  private delay(n: number): number {
    const base = Math.min(this.settings.retryCapMs, this.settings.retryBaseMs * 2 ** Math.max(0, n - 1));
    return Math.round(base * (0.8 + 0.4 * Math.random()));
  }

  private async process(request: ClaimedRequest): Promise<void> {
    let response = request.response;
    if (!response) {
      const giveUp = Date.now() - request.receivedMs > this.settings.decideWindowMs;
      const decision = await decide(request, this.check, giveUp);
      if (decision.kind === "retry") {
        await recordOutcome(request, { kind: "retry", delayMs: this.delay(request.attempts), statusCode: null, error: decision.error });
        return;
      }
      if (!(await saveDecision(request, decision.response, decision.connectionId))) return;
      response = decision.response;
      logger().info(
        { registrationRequestId: request.id, stackId: request.stackId, requestType: request.requestType, status: response.Status, connectionId: decision.connectionId },
        "registration decided",
      );
    }
    const url = checkResponseUrl(request.responseUrl, request.region, this.deps.target());
    if (!url.ok) {
      await recordOutcome(request, { kind: "failed", statusCode: null, error: url.message });
      return;
    }
    const earlierPuts = request.putAttempts;
    if (!(await notePutAttempt(request))) return;
    const target = this.deps.target();
    const put = await (this.deps.put ?? putResponse)(url.url, JSON.stringify(response), { allowPrivate: target.mode === "sandbox", timeoutMs: this.settings.putTimeoutMs });
    await recordOutcome(request, this.outcome(put, earlierPuts));
  }

  /**
   * A 2xx is delivered. A 4xx is final: the URL will not start working. After an earlier attempt
   * whose outcome was not recorded (a timeout, a crash after the PUT) it most likely means that
   * attempt landed and the presigned URL is now spent (the sandbox, like S3 for a used or expired
   * URL, answers 403), so it counts as delivered; CloudFormation ignores a second answer anyway.
   * The network and 5xx are retried with backoff.
   */
  private outcome(put: Awaited<ReturnType<typeof putResponse>>, earlierPuts: number): RequestOutcome {
    if (put.ok) return { kind: "answered", statusCode: put.statusCode, note: null };
    const code = put.statusCode;
    if (code !== null && code >= 400 && code < 500) {
      return earlierPuts > 0
        ? { kind: "answered", statusCode: code, note: `HTTP ${code} after an earlier attempt: taken as already delivered` }
        : { kind: "failed", statusCode: code, error: put.error ?? `HTTP ${code}` };
    }
    if (earlierPuts + 1 >= this.settings.maxPutAttempts) return { kind: "failed", statusCode: code, error: put.error ?? "failed" };
    return { kind: "retry", delayMs: this.delay(earlierPuts + 1), statusCode: code, error: put.error ?? "failed" };
  }
}

/** The shared STS budget (lib/jobs/sts-budget), at its full rate. */
function liveBudget(): AcquireSts {
  const budget = sharedStsBudget(BULK_SETTINGS, () => 1);
  return (calls) => budget.acquire(calls);
}
