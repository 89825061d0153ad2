import { type ActiveJob, activeJobs } from "@/lib/dal/job-queue";

/**
 * Which jobs may still start items, read from the database at most every `maxAgeMs` (one query
 * in flight at a time): items claimed ahead of a cancel are handed back instead of started.
 */
export class LiveJobs {
  private ids = new Set<string>();
  private readAt = 0;
  private reading: Promise<ActiveJob[]> | undefined;

  constructor(
    private readonly only: readonly string[] | undefined,
    private readonly maxAgeMs: number,
  ) {}

  /** The active jobs, oldest first (always a fresh read). */
  async list(): Promise<ActiveJob[]> {
    this.reading ??= activeJobs(this.only).finally(() => (this.reading = undefined));
    const jobs = await this.reading;
    this.ids = new Set(jobs.map((j) => j.id));
    this.readAt = Date.now();
    return jobs;
  }

  /** Whether a job is still queued or running, as of at most `maxAgeMs` ago. */
  async has(jobId: string): Promise<boolean> {
    if (Date.now() - this.readAt > this.maxAgeMs) await this.list();
    return this.ids.has(jobId);
  }
}
