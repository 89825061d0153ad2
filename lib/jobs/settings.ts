/**
 * How bulk re-verification runs, in one place to tune. Sizing:
 * - STS allows 600 requests/s per partner account and region. A verification makes 4 calls
 *   (AssumeRole, GetCallerIdentity as the role, two AssumeRoles that must be denied), so the
 *   ceiling is 150 verifications/s. Its fifth call, the permission probe (S3 ListBuckets as the role),
 *   goes to S3, whose limits are per bucket and per customer account, not the partner's: it takes
 *   nothing from this budget. Bulk jobs take at most 80% of STS's limit (480 calls/s, 120/s), leaving
 *   room for onboarding and manual checks that run at the same time.
 * - Concurrency by Little's law: 120/s × ~0.5 s per verification (5 calls at ~100 ms) ≈ 60 in
 *   flight across instances fill the budget. 40 per instance stays under the SDK's 50 pooled
 *   sockets; with several instances the shared budget, not concurrency, is the limit.
 */
export const BULK_SETTINGS = {
  /** The global STS budget for bulk work, in calls per second, shared by every instance. */
  stsCallsPerSecond: 480,
  /** STS calls a verification makes (reserved before it starts); the S3 permission probe is not one. */
  callsPerVerification: 4,
  /**
   * The budget is counted in windows this long: any 1 s span touches at most 6 windows of 200 ms,
   * so bulk work stays under 576 calls in any second (STS: 600) while bursts of a few dozen
   * verifications still pass without waiting (100 ms windows made them queue: measured).
   */
  budgetWindowMs: 200,
  /** Verifications' worth of calls an instance takes from the budget per database round trip. */
  budgetChunk: 4,
  /** Verifications in flight per instance. */
  concurrency: 40,
  /** Finished items are written together, at most this long after they end. */
  completionFlushMs: 100,
  /** Items claimed ahead of free slots, so a slot never waits for a claim query. */
  prefetch: 20,
  /** A claimed item is the worker's for this long; the heartbeat renews it while it runs. */
  leaseMs: 60_000,
  heartbeatMs: 10_000,
  /** How often an idle worker looks for new jobs. */
  pollMs: 1_000,
  /** Claims of one item before it is given up on (a poison item must not stall its job). */
  maxAttempts: 5,
  /** After STS throttling: everyone pauses (exponential, jittered) and the rate halves, then recovers. */
  throttle: { baseMs: 1_000, capMs: 30_000, recoveryMs: 30_000, minFactor: 0.1 },
};

/** The settings' shape (tests and the benchmark override parts of it). */
export type BulkSettings = typeof BULK_SETTINGS;
