import { z } from "zod";

/** Connection states, in the order the dashboard lists them. */
export const CONNECTION_STATUSES = ["verified", "failed", "insecure", "pending", "disconnected"] as const;
export const PARTITION_FILTERS = ["aws", "aws-cn", "aws-us-gov"] as const;
export const CONNECTION_SORTS = ["lastChecked", "status", "organization"] as const;
export type ConnectionSort = (typeof CONNECTION_SORTS)[number];
export type SortDirection = "asc" | "desc";
export const SEARCH_MIN_LENGTH = 3;
export const PAGE_SIZES = ["10", "25", "50", "100"] as const;
const DEFAULT_PAGE_SIZE = 50;

export type RawParams = Record<string, string | string[] | undefined>;

/**
 * Text without control characters (which also keeps NUL, refused by PostgreSQL, out of queries) or
 * lone surrogates (which no URL can carry: they would not survive a shared link).
 */
export const PRINTABLE = /^[^\u0000-\u001f\u007f\p{Cs}]*$/u;
// Cursors are base64url, made by this server.
export const CURSOR = /^[\w-]{1,1000}$/;

// A repeated parameter (?status=a&status=b) counts by its first value.
export const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
// Each parameter falls back on its own: one bad value never discards the rest, and never fails the page.
export const param = <T extends z.ZodType>(schema: T) => z.preprocess(first, schema.optional()).catch(undefined);

/** The dashboard's connection list state, as it travels in the URL. Bad values read as their defaults. */
export const connectionListSchema = z.object({
  // Substring search needs three characters: shorter ones match nearly everything and no index helps.
  // No ARN or organisation name holds a control character, and PostgreSQL refuses NUL in text.
  q: param(z.string().trim().min(SEARCH_MIN_LENGTH).max(200).regex(PRINTABLE)),
  status: param(z.enum(CONNECTION_STATUSES)),
  partition: param(z.enum(PARTITION_FILTERS)),
  org: param(z.uuid()),
  sort: z.preprocess(first, z.enum(CONNECTION_SORTS)).catch("lastChecked"),
  dir: z.preprocess(first, z.enum(["asc", "desc"])).catch("desc"),
  size: z.preprocess(first, z.enum(PAGE_SIZES).transform(Number)).catch(DEFAULT_PAGE_SIZE),
  // An empty cursor is no cursor.
  after: param(z.string().regex(CURSOR)),
  before: param(z.string().regex(CURSOR)),
});

export type ConnectionListQuery = z.infer<typeof connectionListSchema>;
/** The filters and sort of a list, without its page position. */
export type ConnectionFilter = Omit<ConnectionListQuery, "after" | "before" | "size">;

/** Reads a list state from search params; never throws. */
export function parseConnectionList(params: RawParams | URLSearchParams): ConnectionListQuery {
  const raw = params instanceof URLSearchParams ? Object.fromEntries(params) : params;
  return connectionListSchema.parse(raw);
}

/** The query string for a list state (defaults left out, so links stay short), with `?` when not empty. */
export function connectionListSearch(query: Partial<ConnectionListQuery>): string {
  const params = new URLSearchParams();
  for (const key of ["q", "status", "partition", "org", "after", "before"] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (query.sort && query.sort !== "lastChecked") params.set("sort", query.sort);
  if (query.dir && query.dir !== "desc") params.set("dir", query.dir);
  if (query.size && query.size !== DEFAULT_PAGE_SIZE) params.set("size", String(query.size));
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** The overview's "not verified in N days" window, from `?days=` (1-365, default 7). */
export const overviewSchema = z.object({
  days: z.preprocess(first, z.coerce.number().int().min(1).max(365)).catch(7),
});
