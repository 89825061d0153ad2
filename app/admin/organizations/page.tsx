import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { KeysetPages } from "@/components/keyset-pages";
import { LiveFilterForm } from "@/components/live-filter-form";
import { requireAdmin } from "@/lib/auth/session";
import { countOrganizations, listOrganizationsPage, type AdminOrganizationRow, type OrganizationPage } from "@/lib/dal/admin/organization-list";
import type { Viewer } from "@/lib/dal/viewer";
import { counted, formatCount } from "@/lib/numbers";
import { PAGE_SIZES } from "@/lib/schemas/admin-connections";
import { organizationListSearch, parseOrganizationList, type OrganizationListQuery } from "@/lib/schemas/admin-organizations";
import { CreateOrganizationForm } from "./create-organization-form";

export const metadata: Metadata = { title: "Organisations" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const control = "block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600";

export default async function OrganizationsPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requireAdmin();
  const params = await searchParams;
  const query = parseOrganizationList(params);
  const page = await listOrganizationsPage(viewer, query);
  const rawQ = typeof params.q === "string" ? params.q : "";
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-bold tracking-tight">Organisations</h1>
        <p className="text-sm text-slate-600">
          <Suspense fallback={<span>Counting…</span>}>
            <MatchCount viewer={viewer} q={query.q} />
          </Suspense>
        </p>
      </div>
      <CreateOrganizationForm />
      <LiveFilterForm
        action="/admin/organizations"
        role="search"
        aria-label="Find organisations"
        values={{ q: rawQ, sort: query.sort, dir: query.dir, size: String(query.size) }}
        className="grid grid-cols-1 items-end gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-6"
      >
        <div className="space-y-1 sm:col-span-3">
          <label htmlFor="org-q" className="block text-sm font-medium text-slate-800">Search by name</label>
          <input id="org-q" name="q" type="search" defaultValue={rawQ} maxLength={200} className={control} />
        </div>
        <div className="space-y-1">
          <label htmlFor="org-sort" className="block text-sm font-medium text-slate-800">Sort by</label>
          <select id="org-sort" name="sort" defaultValue={query.sort} className={control}>
            <option value="name">Name</option>
            <option value="created">Created</option>
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="org-dir" className="block text-sm font-medium text-slate-800">Order</label>
          <select id="org-dir" name="dir" defaultValue={query.dir} className={control}>
            <option value="asc">Ascending</option>
            <option value="desc">Descending</option>
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="org-size" className="block text-sm font-medium text-slate-800">Per page</label>
          <select id="org-size" name="size" defaultValue={String(query.size)} className={control}>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>{n}</option>
            ))}
          </select>
        </div>
        <div className="flex items-center gap-3 sm:col-span-6">
          <button type="submit" className="rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-semibold text-white hover:bg-indigo-500">Apply</button>
          <Link href="/admin/organizations" className="text-sm font-medium text-slate-700 underline">Clear all</Link>
        </div>
      </LiveFilterForm>
      {page.rows.length === 0 ? (
        <p className="rounded-lg bg-white p-6 text-sm text-slate-600 shadow-sm ring-1 ring-slate-200">
          {query.q ? "No organisation matches this search." : "No customer organisations yet. Create one, then invite its people."}
        </p>
      ) : (
        <OrganizationTable rows={page.rows} />
      )}
      <Pages page={page} query={query} />
    </div>
  );
}

function OrganizationTable({ rows }: { rows: AdminOrganizationRow[] }) {
  const date = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  return (
    <div tabIndex={0} className="relative overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Customer organisations</caption>
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">Name</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Members</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Connections</th>
            <th scope="col" className="px-4 py-2 font-medium">By status</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">On an old External ID</th>
            <th scope="col" className="px-4 py-2 font-medium">Created</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((o) => (
            <tr key={o.id}>
              <td className="max-w-xs truncate px-4 py-2" title={o.name}>
                <Link href={`/admin/organizations/${o.id}`} className="font-medium text-indigo-700 hover:underline">
                  <bdi>{o.name}</bdi>
                </Link>
              </td>
              <td className="px-4 py-2 text-right tabular-nums">{formatCount(o.memberCount)}</td>
              <td className="px-4 py-2 text-right tabular-nums">{formatCount(o.connectionCount)}</td>
              <td className="px-4 py-2">
                <StatusCounts row={o} />
              </td>
              <td className="px-4 py-2 text-right tabular-nums">{formatCount(o.onOldExternalId)}</td>
              <td className="whitespace-nowrap px-4 py-2 text-slate-600">
                <time dateTime={o.createdAt.toISOString()}>{date.format(o.createdAt)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const STATUS_STYLE = {
  verified: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  failed: "bg-red-50 text-red-800 ring-red-200",
  insecure: "bg-amber-50 text-amber-900 ring-amber-200",
  pending: "bg-slate-50 text-slate-700 ring-slate-200",
} as const;

/** The organisation's connections by status, each a link to that filtered list; none for statuses with none. */
function StatusCounts({ row }: { row: AdminOrganizationRow }) {
  const shown = (Object.keys(STATUS_STYLE) as (keyof typeof STATUS_STYLE)[]).filter((s) => row.byStatus[s] > 0);
  if (shown.length === 0) return <span className="text-slate-500">—</span>;
  return (
    <ul className="flex flex-wrap gap-1.5">
      {shown.map((s) => (
        <li key={s}>
          <Link
            href={`/admin/connections?org=${row.id}&status=${s}`}
            className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset hover:underline ${STATUS_STYLE[s]}`}
          >
            {formatCount(row.byStatus[s])} {s}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function Pages({ page, query }: { page: OrganizationPage; query: OrganizationListQuery }) {
  const base = { ...query, after: undefined, before: undefined };
  return (
    <KeysetPages
      paged={Boolean(query.after || query.before)}
      previous={page.previous}
      next={page.next}
      href={(cursor) => `/admin/organizations${organizationListSearch({ ...base, ...cursor })}`}
    />
  );
}

/** The number of matches, streamed in after the rows. */
async function MatchCount({ viewer, q }: { viewer: Viewer; q: string | undefined }) {
  const n = await countOrganizations(viewer, q);
  return <span role="status">{q ? `${counted(n, "organisation")} ${n === 1 ? "matches" : "match"}` : counted(n, "organisation")}</span>;
}
