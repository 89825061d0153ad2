import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import { When } from "@/components/when";
import type { AdminConnectionRow } from "@/lib/dal/admin/connection-list";
import { connectionListSearch, type ConnectionListQuery } from "@/lib/schemas/admin-connections";
import { SelectAll } from "./bulk-actions";
import { RowActionsMenu } from "./row-actions";
import { cn } from "@/lib/cn";

// The header stays in view while the rows scroll under it.
const th = "sticky top-0 z-[1] whitespace-nowrap bg-slate-50 px-3 py-2 font-medium";
// Every cell's padding is set once, on the body, rather than on each of a page's 400 cells.
const cells = "[&>tr>td]:px-3 [&>tr>td]:py-1.5 [&>tr>td]:align-middle";
// Long text is one line, cut with an ellipsis; all of it shows on hover, or on focus for a keyboard (app/globals.css).
const clipped = "clip-reveal";

/** One page of connections; checkboxes feed the bulk form, each row has its own actions. */
export function ConnectionTable({ rows, query }: { rows: AdminConnectionRow[]; query: ConnectionListQuery }) {
  const view = connectionListSearch(query);
  return (
    <div className="max-h-[calc(100vh-10rem)] relative overflow-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Connections</caption>
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th scope="col" className={th}><SelectAll /></th>
            <th scope="col" className={th}>Organisation</th>
            <th scope="col" className={th}>Account and role ARN</th>
            <th scope="col" className={th}>Partition</th>
            <th scope="col" className={th}>Status</th>
            <th scope="col" className={th}>Last verified</th>
            <th scope="col" className={th}>Last failure</th>
            <th scope="col" className={th}>Actions</th>
          </tr>
        </thead>
        <tbody className={cn("divide-y divide-slate-100", cells)}>
          {rows.map((c) => (
            <tr key={c.id} aria-label={`Account ${c.accountId} of ${c.organizationName}`}>
              <td>
                <input type="checkbox" name="connectionId" value={c.id} form="bulk-verify" aria-label={`Select account ${c.accountId}`} />
              </td>
              <td className="max-w-48">
                <Link href={`/admin/connections${connectionListSearch({ ...query, org: c.organizationId, after: undefined, before: undefined })}`} title={`Only ${c.organizationName}'s connections`} className="block truncate text-indigo-700 hover:underline">
                  <bdi>{c.organizationName}</bdi>
                </Link>
              </td>
              <td className="max-w-80">
                <span className="flex min-w-0 items-baseline gap-2">
                  <span className="font-mono">{c.accountId}</span>
                  <span tabIndex={0} title={c.roleArn} className={cn(clipped, "min-w-0 font-mono text-xs text-slate-600")}>{c.roleArn}</span>
                </span>
              </td>
              <td>{c.partition}</td>
              <td className="whitespace-nowrap">
                <StatusBadge status={c.status} />
                {c.onOldExternalId ? <span className="ml-1.5 text-xs text-amber-800">old External ID</span> : null}
              </td>
              <td className="whitespace-nowrap text-xs"><When date={c.lastVerifiedAt} /></td>
              <td className="max-w-56 text-xs text-slate-700">
                {c.status === "verified" || !c.lastFailureMessage ? null : (
                  <span tabIndex={0} title={c.lastFailureMessage} className={clipped}>{c.lastFailureMessage}</span>
                )}
              </td>
              <td>
                <div className="flex items-start gap-1.5 whitespace-nowrap">
                  <Link href={`/admin/connections/${c.id}`} aria-label={`View account ${c.accountId}`} className="rounded-md px-2.5 py-1 text-xs font-semibold text-indigo-700 ring-1 ring-inset ring-indigo-200 hover:bg-indigo-50">
                    View
                  </Link>
                  {/* A new view of the list (filter, sort, page) starts with every menu closed. */}
                  {c.status === "disconnected" ? null : <RowActionsMenu key={view} connectionId={c.id} accountId={c.accountId} />}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
