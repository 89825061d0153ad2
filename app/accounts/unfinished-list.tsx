import Link from "next/link";
import type { ConnectionView } from "@/lib/dal/connections";

/** Role ARNs pasted here that failed their check and never verified: offered as setup to finish, not as failed accounts. */
export function UnfinishedList({ drafts }: { drafts: ConnectionView[] }) {
  if (drafts.length === 0) return null;
  return (
    <section aria-labelledby="unfinished" className="space-y-2">
      <h2 id="unfinished" className="text-lg font-semibold">Not finished</h2>
      <ul className="divide-y divide-slate-100 rounded-lg bg-white text-sm shadow-sm ring-1 ring-slate-200">
        {drafts.map((d) => (
          <li key={d.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2">
            <span className="min-w-0">
              Account {d.accountId} <span className="block break-all font-mono text-xs text-slate-600">{d.roleArn}</span>
            </span>
            <Link href={`/onboarding?connection=${d.id}#role-arn`} className="font-medium text-indigo-700 underline" aria-label={`Finish connecting account ${d.accountId}`}>
              Finish connecting
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
