import { stringify } from "csv-stringify/sync";
import type { AdminConnectionRow } from "@/lib/dal/admin/connection-list";

const COLUMNS: [string, (c: AdminConnectionRow) => string][] = [
  ["connection_id", (c) => c.id],
  ["organization", (c) => c.organizationName],
  ["account_id", (c) => c.accountId],
  ["role_arn", (c) => c.roleArn],
  ["partition", (c) => c.partition],
  ["status", (c) => c.status],
  ["last_checked_at", (c) => c.lastCheckedAt?.toISOString() ?? ""],
  ["last_verified_at", (c) => c.lastVerifiedAt?.toISOString() ?? ""],
  ["last_failure_code", (c) => c.lastFailureCode ?? ""],
  ["last_failure_reason", (c) => c.lastFailureMessage ?? ""],
  ["on_old_external_id", (c) => (c.onOldExternalId ? "yes" : "no")],
];

// RFC 4180 quoting, CRLF rows, and cells starting with = + - @ (or their full-width forms), tab or CR
// prefixed with ' so a spreadsheet shows them as text instead of running them (CSV injection:
// organisation names are free text). csv-stringify quotes commas, quotes and "\n" but not a lone
// "\r" (a line end to some readers), ";" or a tab (the separator of Excel in many locales, and of
// files opened as tab-separated): a cell like ";=1+1" would otherwise split into a formula there.
const OPTIONS = { escape_formulas: true, record_delimiter: "windows", quoted_match: /[\r;\t]/ } as const;

/** The header row, with a byte-order mark so spreadsheet programs read the file as UTF-8. */
export function csvHeader(): string {
  return stringify([COLUMNS.map(([name]) => name)], { ...OPTIONS, bom: true });
}

/** Connections as CSV rows. */
export function csvRows(rows: AdminConnectionRow[]): string {
  return stringify(rows.map((row) => COLUMNS.map(([, cell]) => cell(row))), OPTIONS);
}
