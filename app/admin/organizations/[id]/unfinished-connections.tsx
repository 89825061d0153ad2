import { When } from "@/components/when";
import type { DraftConnection } from "@/lib/dal/admin/drafts";

/** Role ARNs the organisation's members pasted that never verified: onboarding they have not finished. */
export function UnfinishedConnections({ drafts }: { drafts: DraftConnection[] }) {
  return (
    <section aria-labelledby="unfinished" className="space-y-3">
      <h2 id="unfinished" className="text-lg font-semibold">Not finished</h2>
      {drafts.length === 0 ? (
        <p className="text-sm text-slate-600">No account is half-connected.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg bg-white text-sm shadow-sm ring-1 ring-slate-200">
          {drafts.map((d) => (
            <li key={d.id} className="space-y-0.5 px-4 py-2">
              <p className="flex flex-wrap justify-between gap-2">
                <span>Account {d.accountId}</span>
                <span className="text-slate-600">
                  not finished · pasted <When date={d.createdAt} />
                </span>
              </p>
              <p className="break-all font-mono text-xs text-slate-600">{d.roleArn}</p>
              {d.lastFailureMessage ? <p className="text-xs text-red-800">Last check: {d.lastFailureMessage}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
