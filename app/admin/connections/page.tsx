import type { Metadata } from "next";
import { Suspense } from "react";
import { countBefore, countConnections, listConnectionsPage } from "@/lib/dal/admin/connection-list";
import { isDalError } from "@/lib/dal/errors";
import { getOrganization } from "@/lib/dal/organizations";
import { requireAdmin } from "@/lib/auth/session";
import type { Viewer } from "@/lib/dal/viewer";
import { connectionListSearch, parseConnectionList, type ConnectionFilter } from "@/lib/schemas/admin-connections";
import { BulkActions } from "./bulk-actions";
import { ConnectionTable } from "./connection-table";
import { FilterBar } from "./filter-bar";
import { Pagination } from "./pagination";
import { counted, formatCount } from "@/lib/numbers";

export const metadata: Metadata = { title: "Connections" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ConnectionsPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requireAdmin();
  const params = await searchParams;
  const query = parseConnectionList(params);
  const [page, organizationName] = await Promise.all([
    listConnectionsPage(viewer, query),
    query.org ? getOrganization(viewer, query.org).then((o) => o.name, (e) => (isDalError(e, "not_found") ? undefined : Promise.reject(e))) : undefined,
  ]);
  const { after: _after, before: _before, size: _size, ...filter } = query;
  const rawQ = typeof params.q === "string" ? params.q : undefined;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-bold tracking-tight">Connections</h1>
        <p className="flex items-center gap-3 text-sm text-slate-600">
          <Suspense fallback={<span>Counting…</span>}>
            <MatchCount viewer={viewer} filter={filter} first={page.first} shown={page.rows.length} />
          </Suspense>
          <a href={`/admin/connections/export${connectionListSearch(filter)}`} className="font-medium text-indigo-700 underline">Export CSV</a>
        </p>
      </div>
      <FilterBar query={query} organizationName={organizationName} rawQ={rawQ} />
      <div className="sticky top-0 z-10 -mx-2 bg-slate-50/95 px-2 py-2 backdrop-blur-sm">
        <BulkActions />
      </div>
      {page.rows.length === 0 ? (
        <p className="rounded-lg bg-white p-6 text-sm text-slate-600 shadow-sm ring-1 ring-slate-200">No connection matches these filters.</p>
      ) : (
        <ConnectionTable rows={page.rows} query={query} />
      )}
      <Pagination page={page} query={query} />
    </div>
  );
}

/**
 * The number of matches and where this page sits among them ("51–100 of 20,008"), streamed in
 * after the page: counting is not needed to show the first rows.
 */
async function MatchCount({ viewer, filter, first, shown }: { viewer: Viewer; filter: ConnectionFilter; first: string | undefined; shown: number }) {
  const [n, before] = await Promise.all([countConnections(viewer, filter), countBefore(viewer, filter, first)]);
  const position = shown > 0 && shown < n ? ` · ${formatCount(before + 1)}–${formatCount(before + shown)} shown` : "";
  return <span role="status">{`${counted(n, "connection")} ${n === 1 ? "matches" : "match"}${position}`}</span>;
}
