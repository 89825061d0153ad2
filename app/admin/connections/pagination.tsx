import Link from "next/link";
import type { ConnectionPage } from "@/lib/dal/admin/connection-list";
import { connectionListSearch, type ConnectionListQuery } from "@/lib/schemas/admin-connections";

const link = "rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-inset ring-slate-300 hover:bg-slate-50";

/** Previous / next by keyset cursor (no page numbers: counting pages would mean OFFSET). */
export function Pagination({ page, query }: { page: ConnectionPage; query: ConnectionListQuery }) {
  const base = { ...query, after: undefined, before: undefined };
  const paged = Boolean(query.after || query.before);
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-3">
      <div>{paged ? <Link href={`/admin/connections${connectionListSearch(base)}`} className="text-sm underline">First page</Link> : null}</div>
      <div className="flex gap-2">
        {page.previous ? <Link href={`/admin/connections${connectionListSearch({ ...base, before: page.previous })}`} className={link}>Previous</Link> : null}
        {page.next ? <Link href={`/admin/connections${connectionListSearch({ ...base, after: page.next })}`} className={link}>Next</Link> : null}
      </div>
    </nav>
  );
}
