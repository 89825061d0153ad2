import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import { When } from "@/components/when";
import type { IssuedExternalId, OldIdConnection } from "@/lib/dal/admin/external-ids";

/** Every External ID the organisation was issued, and the connections whose stacks still carry an old one. */
export function ExternalIds({ issued, onOldIds }: { issued: IssuedExternalId[]; onOldIds: OldIdConnection[] }) {
  return (
    <div className="space-y-4">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Issued External IDs</caption>
        <thead className="text-left text-slate-600">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">External ID</th>
            <th scope="col" className="py-1 pr-3 font-medium">Issued</th>
            <th scope="col" className="py-1 pr-3 font-medium">State</th>
            <th scope="col" className="py-1 pr-3 font-medium">Connections using it</th>
          </tr>
        </thead>
        <tbody>
          {issued.map((id) => (
            <tr key={id.externalId}>
              <td className="break-all py-1 pr-3 font-mono text-xs">{id.externalId}</td>
              <td className="py-1 pr-3 text-xs"><When date={id.createdAt} /></td>
              <td className="py-1 pr-3 text-xs">{id.current ? "current" : <>retired <When date={id.retiredAt} /></>}</td>
              <td className="py-1 pr-3">{id.connectionCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-labelledby="old-id-connections" className="space-y-2">
        <h3 id="old-id-connections" className="font-semibold">Connections still on an old External ID</h3>
        {onOldIds.length === 0 ? (
          <p className="text-sm text-slate-600">None: every connection uses the current External ID.</p>
        ) : (
          <>
            <p className="text-sm text-slate-600">
              They keep working with their old ID. The customer sees a notice with the stack update under Accounts, and confirms it there.
            </p>
            <ul aria-label="Connections on an old External ID" className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
              {onOldIds.map((c) => (
                <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm">
                  <Link href={`/admin/connections/${c.id}`} className="font-mono text-indigo-700 underline">{c.accountId}</Link>
                  <span className="min-w-0 flex-1 break-all font-mono text-xs text-slate-600">{c.roleArn}</span>
                  <span className="font-mono text-xs text-slate-500" title={c.externalId}>…{c.externalId.slice(-6)}</span>
                  <StatusBadge status={c.status} />
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </div>
  );
}
