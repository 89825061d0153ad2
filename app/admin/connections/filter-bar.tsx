import Link from "next/link";
import { CONNECTION_STATUSES, connectionListSearch, PAGE_SIZES, PARTITION_FILTERS, SEARCH_MIN_LENGTH, type ConnectionListQuery } from "@/lib/schemas/admin-connections";
import { LiveFilterForm } from "@/components/live-filter-form";
import { cn } from "@/lib/cn";

const control = "block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600";

function Select({ label, name, value, options }: { label: string; name: string; value: string | undefined; options: readonly (readonly [string, string])[] }) {
  return (
    <div className="space-y-1">
      <label htmlFor={`filter-${name}`} className="block text-sm font-medium text-slate-800">{label}</label>
      <select id={`filter-${name}`} name={name} defaultValue={value ?? ""} className={control}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>{text}</option>
        ))}
      </select>
    </div>
  );
}

/** Search, filters and sort as a GET form that applies as it changes: the whole state goes into the URL, so a view can be shared. */
export function FilterBar({ query, organizationName, rawQ }: { query: ConnectionListQuery; organizationName?: string; rawQ?: string }) {
  const shortSearch = rawQ !== undefined && rawQ.trim().length > 0 && !query.q;
  return (
    <LiveFilterForm
      action="/admin/connections"
      role="search"
      aria-label="Filter connections"
      values={{ q: rawQ ?? "", status: query.status ?? "", partition: query.partition ?? "", sort: query.sort, dir: query.dir, size: String(query.size), org: query.org ?? "" }}
      className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-7">
        <div className="space-y-1 sm:col-span-2">
          <label htmlFor="filter-q" className="block text-sm font-medium text-slate-800">Search</label>
          <input id="filter-q" name="q" type="search" defaultValue={rawQ ?? ""} maxLength={200} placeholder="Account id, role ARN or organisation" aria-describedby="filter-q-hint" className={control} />
          <p id="filter-q-hint" className={cn("text-xs", shortSearch ? "text-amber-800" : "text-slate-500")}>
            {shortSearch ? `Type at least ${SEARCH_MIN_LENGTH} characters to search; showing everything.` : "Matches any part of the ARN (which holds the account id) or the organisation name."}
          </p>
        </div>
        <Select label="Status" name="status" value={query.status} options={[["", "Any status"], ...CONNECTION_STATUSES.map((s) => [s, s] as const)]} />
        <Select label="Partition" name="partition" value={query.partition} options={[["", "Any partition"], ...PARTITION_FILTERS.map((p) => [p, p] as const)]} />
        <Select label="Sort by" name="sort" value={query.sort} options={[["lastChecked", "Last checked"], ["status", "Status"], ["organization", "Organisation"]]} />
        <Select label="Order" name="dir" value={query.dir} options={[["desc", "Descending"], ["asc", "Ascending"]]} />
        <Select label="Per page" name="size" value={String(query.size)} options={PAGE_SIZES.map((n) => [n, n] as const)} />
      </div>
      {query.org ? <input type="hidden" name="org" value={query.org} /> : null}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-semibold text-white hover:bg-indigo-500">Apply</button>
        <Link href="/admin/connections" className="text-sm font-medium text-slate-700 underline">Clear all</Link>
        {query.org ? (
          <span className="text-sm text-slate-700">
            Organisation: <strong>{organizationName ? <bdi>{organizationName}</bdi> : "unknown"}</strong>{" "}
            <Link href={`/admin/connections${connectionListSearch({ ...query, org: undefined, after: undefined, before: undefined })}`} className="underline">
              show all organisations
            </Link>
          </span>
        ) : null}
      </div>
    </LiveFilterForm>
  );
}
