import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { isDalError } from "@/lib/dal/errors";
import { getJobProgress } from "@/lib/dal/jobs";
import { requireAdmin } from "@/lib/auth/session";
import { scopeLabel, when } from "../job-text";
import { JobProgressPanel } from "./job-progress-panel";

export const metadata: Metadata = { title: "Bulk re-verification" };

export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireAdmin();
  const { id } = await params;
  const job = await getJobProgress(viewer, id).catch((error: unknown) => {
    if (isDalError(error, "not_found")) notFound();
    throw error;
  });
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/admin/jobs" className="text-indigo-700 hover:underline">
          ← All bulk re-verifications
        </Link>
      </p>
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Bulk re-verification</h1>
        <p className="mt-1 text-sm text-slate-600">
          {scopeLabel(job)} · started {when(job.createdAt)}
          {job.createdBy ? <> by <bdi>{job.createdBy}</bdi></> : ""}
        </p>
      </div>
      <JobProgressPanel initial={job} />
    </div>
  );
}
