import { FailureNote } from "@/components/failure-note";
import { StackUpdateNotice } from "@/components/stack-update-notice";
import { StatusBadge } from "@/components/status-badge";
import { VerifyPanel } from "@/components/verify-panel";
import type { ConnectionView } from "@/lib/dal/connections";
import { RemoveConnection } from "./remove-connection";

function when(date: Date | null): string {
  return date ? `${date.toISOString().replace("T", " ").slice(0, 16)} UTC` : "never";
}

/** One connected account: status, last check, re-verify and remove; the stack update when its External ID is an old one. */
export function ConnectionCard({ connection, newExternalId }: { connection: ConnectionView; newExternalId?: string }) {
  return (
    <li aria-label={`Account ${connection.accountId}`} className="space-y-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-semibold">Account {connection.accountId}</p>
          <p className="break-all font-mono text-xs text-slate-600">{connection.roleArn}</p>
        </div>
        <StatusBadge status={connection.status} />
      </div>
      <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-slate-500">Last verified</dt>
          <dd>{when(connection.lastVerifiedAt)}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Last checked</dt>
          <dd>{when(connection.lastCheckedAt)}</dd>
        </div>
      </dl>
      <FailureNote connection={connection} />
      {newExternalId ? <StackUpdateNotice connectionId={connection.id} accountId={connection.accountId} externalId={newExternalId} /> : null}
      <div className="flex flex-wrap items-start justify-between gap-3">
        <VerifyPanel connectionId={connection.id} trigger="manual" label="Re-verify" />
        <RemoveConnection connectionId={connection.id} accountId={connection.accountId} />
      </div>
    </li>
  );
}
