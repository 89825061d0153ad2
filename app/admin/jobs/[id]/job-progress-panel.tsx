"use client";

import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import type { JobProgress } from "@/lib/dal/jobs";
import { isLive, STATUS_LABELS, summary } from "../job-text";
import { CancelJobButton } from "./cancel-job-button";

const POLL_MS = 1_000;

/** A job's live progress: polls the admin-only progress route until the job is over. */
export function JobProgressPanel({ initial }: { initial: JobProgress }) {
  const [job, setJob] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const live = isLive(job.status);
  useEffect(() => {
    if (!live) return;
    let timer: ReturnType<typeof setTimeout>;
    const controller = new AbortController();
    const poll = async () => {
      try {
        const response = await fetch(`/admin/jobs/${initial.id}/progress`, { cache: "no-store", signal: controller.signal });
        if (response.status === 401 || response.status === 403) return setProblem("Your session has ended. Sign in again to follow this job.");
        if (response.ok) {
          setJob((await response.json()) as JobProgress);
          setProblem(null);
        }
      } catch {
        if (controller.signal.aborted) return;
        setProblem("Lost contact with Rolegate; still trying. The job itself goes on.");
      }
      timer = setTimeout(poll, POLL_MS);
    };
    timer = setTimeout(poll, POLL_MS);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [live, initial.id]);

  const done = job.verified + job.failed + job.skipped;
  const percent = job.total ? Math.round((done / job.total) * 100) : 100;
  return (
    <section aria-labelledby="job-progress" className="space-y-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="job-progress" className="font-semibold">
          {STATUS_LABELS[job.status]}
        </h2>
        {job.status === "queued" || job.status === "running" ? <CancelJobButton jobId={job.id} /> : null}
      </div>
      <div role="progressbar" aria-label="Connections checked" aria-valuemin={0} aria-valuemax={job.total} aria-valuenow={done} className="h-2 overflow-hidden rounded-full bg-slate-100">
        <div className="h-full bg-indigo-600 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
        {[
          ["Done", done],
          ["Verified", job.verified],
          ["Failed", job.failed],
          ["Remaining", job.pending + job.inProgress],
        ].map(([label, value]) => (
          <div key={label}>
            <dt className="text-slate-500">{label}</dt>
            <dd className="text-2xl font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      <p className="text-sm text-slate-600">
        {job.insecure > 0 ? `${job.insecure} of the failed can be assumed without the right External ID (insecure). ` : ""}
        {job.skipped > 0 ? `${job.skipped} skipped: removed since the job started, or not checkable after several tries. ` : ""}
        {live && job.inProgress > 0 ? `${job.inProgress} in progress.` : ""}
      </p>
      {/* Announced when the job ends, not at every poll. */}
      <p role="status" className="text-base font-medium">
        {live ? null : job.status === "completed" ? summary(job) : `${STATUS_LABELS[job.status]}: ${summary(job)}`}
      </p>
      {job.stale ? <Alert tone="warning" title="No Rolegate instance is working on this job right now">It resumes on its own when one runs again.</Alert> : null}
      {problem ? <Alert tone="warning">{problem}</Alert> : null}
    </section>
  );
}
