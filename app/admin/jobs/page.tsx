import type { Metadata } from "next";
import Link from "next/link";
import { listJobs } from "@/lib/dal/jobs";
import { requireAdmin } from "@/lib/auth/session";
import { BulkVerificationForm } from "./bulk-verification-form";
import { scopeLabel, STATUS_LABELS, summary, when } from "./job-text";

export const metadata: Metadata = { title: "Bulk re-verification" };

export default async function JobsPage() {
  const viewer = await requireAdmin();
  const jobs = await listJobs(viewer);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Bulk re-verification</h1>
        <p className="mt-1 text-sm text-slate-600">
          Checks many connections with AWS in the background, within STS&apos;s rate limits. You can leave the page; the job goes on,
          and resumes by itself if Rolegate restarts.
        </p>
      </div>
      <BulkVerificationForm />
      <section aria-labelledby="recent-jobs" className="space-y-3">
        <h2 id="recent-jobs" className="text-lg font-semibold">Recent jobs</h2>
        {jobs.length === 0 ? (
          <p className="text-sm text-slate-600">No bulk re-verification has run yet.</p>
        ) : (
          <div className="overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <caption className="sr-only">Recent bulk re-verification jobs</caption>
              <thead className="bg-slate-50 text-left text-slate-600">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">Started</th>
                  <th scope="col" className="px-4 py-2 font-medium">What</th>
                  <th scope="col" className="px-4 py-2 font-medium">Status</th>
                  <th scope="col" className="px-4 py-2 font-medium">Result</th>
                  <th scope="col" className="px-4 py-2 font-medium">By</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {jobs.map((job) => (
                  <tr key={job.id}>
                    <td className="px-4 py-2">
                      <Link href={`/admin/jobs/${job.id}`} className="font-medium text-indigo-700 hover:underline">
                        {when(job.createdAt)}
                      </Link>
                    </td>
                    <td className="px-4 py-2">{scopeLabel(job)}</td>
                    <td className="px-4 py-2">{STATUS_LABELS[job.status]}</td>
                    <td className="px-4 py-2 tabular-nums">{summary(job)}</td>
                    <td className="px-4 py-2 text-slate-600">{job.createdBy ? <bdi>{job.createdBy}</bdi> : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
