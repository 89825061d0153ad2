import type { JobProgress, JobStatus } from "@/lib/dal/jobs";

/** Words for a job's state, shared by the list, the page and its live panel. */
export const STATUS_LABELS: Record<JobStatus, string> = {
  queued: "Waiting to start",
  running: "Running",
  cancelling: "Cancelling…",
  cancelled: "Cancelled",
  completed: "Completed",
  failed: "Failed",
};

/** Whether a job can still change (so its page keeps polling). */
export function isLive(status: JobStatus): boolean {
  return status === "queued" || status === "running" || status === "cancelling";
}

/** What a job covers, in words. */
export function scopeLabel(job: Pick<JobProgress, "scope" | "total">): string {
  if (job.scope === "failed") return "Every failed connection";
  if (job.scope === "all") return "Every connection";
  return `${job.total} selected connection${job.total === 1 ? "" : "s"}`;
}

/** "N verified, M failed of T": how a bulk run reads once it is over. */
export function summary(job: Pick<JobProgress, "verified" | "failed" | "total">): string {
  return `${job.verified} verified, ${job.failed} failed of ${job.total}`;
}

/** A UTC timestamp to the minute, as elsewhere in the portal. */
export function when(iso: string | null): string {
  return iso ? `${iso.replace("T", " ").slice(0, 16)} UTC` : "—";
}
