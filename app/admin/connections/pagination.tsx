import { KeysetPages } from "@/components/keyset-pages";
import type { ConnectionPage } from "@/lib/dal/admin/connection-list";
import { connectionListSearch, type ConnectionListQuery } from "@/lib/schemas/admin-connections";

/** Previous / next through the connection list, keeping its filters. */
export function Pagination({ page, query }: { page: ConnectionPage; query: ConnectionListQuery }) {
  const base = { ...query, after: undefined, before: undefined };
  return (
    <KeysetPages
      paged={Boolean(query.after || query.before)}
      previous={page.previous}
      next={page.next}
      href={(cursor) => `/admin/connections${connectionListSearch({ ...base, ...cursor })}`}
    />
  );
}
