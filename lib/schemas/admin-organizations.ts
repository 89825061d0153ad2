import { z } from "zod";
import { CURSOR, first, PAGE_SIZES, param, PRINTABLE, type RawParams } from "./admin-connections";

export const ORGANIZATION_SORTS = ["name", "created"] as const;
export type OrganizationSort = (typeof ORGANIZATION_SORTS)[number];
const DEFAULT_PAGE_SIZE = 50;

/** The organisation list's state, as it travels in the URL. Bad values read as their defaults. */
export const organizationListSchema = z.object({
  q: param(z.string().trim().min(1).max(200).regex(PRINTABLE)),
  sort: z.preprocess(first, z.enum(ORGANIZATION_SORTS)).catch("name"),
  dir: z.preprocess(first, z.enum(["asc", "desc"])).catch("asc"),
  size: z.preprocess(first, z.enum(PAGE_SIZES).transform(Number)).catch(DEFAULT_PAGE_SIZE),
  after: param(z.string().regex(CURSOR)),
  before: param(z.string().regex(CURSOR)),
});

export type OrganizationListQuery = z.infer<typeof organizationListSchema>;

/** Reads the list state from search params; never throws. */
export function parseOrganizationList(params: RawParams | URLSearchParams): OrganizationListQuery {
  const raw = params instanceof URLSearchParams ? Object.fromEntries(params) : params;
  return organizationListSchema.parse(raw);
}

/** The query string for a list state (defaults left out), with `?` when not empty. */
export function organizationListSearch(query: Partial<OrganizationListQuery>): string {
  const params = new URLSearchParams();
  for (const key of ["q", "after", "before"] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (query.sort && query.sort !== "name") params.set("sort", query.sort);
  if (query.dir && query.dir !== "asc") params.set("dir", query.dir);
  if (query.size && query.size !== DEFAULT_PAGE_SIZE) params.set("size", String(query.size));
  const search = params.toString();
  return search ? `?${search}` : "";
}
