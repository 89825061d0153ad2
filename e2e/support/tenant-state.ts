import { parse } from "csv-parse/sync";
import type { Page } from "@playwright/test";
import type { Tenant } from "./tenants";

/** What the partner admin can count about one organisation (its page, its connections' pages, its export). */
export type TenantCounts = {
  members: number;
  invites: Record<"pending" | "accepted" | "revoked" | "expired", number>;
  externalIds: number;
  connections: Record<"pending" | "verified" | "failed" | "insecure" | "disconnected", number>;
  verifications: number;
};

const STATUS_COLUMN = 5; // connection_id, organization, account_id, role_arn, partition, status, …

/** Reads the counts in the admin's browser; rows are told apart by their roles and labels. */
export async function tenantCounts(page: Page, tenant: Tenant): Promise<TenantCounts> {
  await page.goto(`/admin/organizations/${tenant.id}`);
  const members = await page.getByRole("region", { name: "Members" }).getByRole("listitem").count();
  // The page lists the newest invites and External IDs only; the totals stand beside the lists.
  const totals = (await page.getByText(/^[\d,]+ pending · [\d,]+ accepted · [\d,]+ revoked · [\d,]+ expired$/).innerText()).replaceAll(",", "");
  const invites = { pending: 0, accepted: 0, revoked: 0, expired: 0 };
  for (const [, n, state] of totals.matchAll(/(\d+) (pending|accepted|revoked|expired)/g)) invites[state as keyof typeof invites] = Number(n);
  const externalIds = Number(/^([\d,]+) External IDs? issued/.exec(await page.getByText(/^[\d,]+ External IDs? issued so far$/).innerText())?.[1]?.replaceAll(",", "") ?? NaN);

  const csv = await (await page.request.get(`/admin/connections/export?org=${tenant.id}`)).text();
  const rows = csvRecords(csv).slice(1);
  const connections = { pending: 0, verified: 0, failed: 0, insecure: 0, disconnected: 0 };
  let verifications = 0;
  for (const [, ...cells] of rows) connections[cells[STATUS_COLUMN - 1] as keyof typeof connections]++;
  // History of the connections the tenant started with (the ones fuzzed verifications aim at).
  for (const { id } of tenant.connections) {
    await page.goto(`/admin/connections/${id}`);
    verifications += await page.getByRole("list", { name: "Verification history" }).getByRole("listitem").count();
  }
  return { members, invites, externalIds, connections, verifications };
}

/** RFC 4180 records (quoted cells may hold commas, quotes and line breaks). */
export function csvRecords(csv: string): string[][] {
  return parse(csv, { relax_column_count: true }) as string[][];
}
