import { describe, expect, it } from "vitest";
import type { AdminConnectionRow } from "@/lib/dal/admin/connection-list";
import { csvHeader, csvRows } from "./csv";

const row = (over: Partial<AdminConnectionRow>): AdminConnectionRow => ({
  id: "00000000-0000-4000-8000-000000000001",
  organizationId: "00000000-0000-4000-8000-000000000002",
  organizationName: "Acme",
  accountId: "123456789012",
  roleArn: "arn:aws:iam::123456789012:role/R",
  partition: "aws",
  status: "failed",
  lastCheckedAt: new Date("2026-11-27T10:00:00.000Z"),
  lastVerifiedAt: null,
  lastFailureCode: "access-denied",
  lastFailureMessage: "AWS refused Rolegate access to the role",
  onOldExternalId: false,
  ...over,
});

const cells = (line: string) => line.split(",");

/** Cells of a line read as a ";"-separated file, honouring RFC 4180 quotes. */
function semicolonCells(line: string): string[] {
  const out: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ";" && !quoted) {
      out.push(cell);
      cell = "";
    } else cell += c;
  }
  return [...out, cell];
}

describe("the CSV export", () => {
  it("starts with a byte-order mark and the column names, rows end in CRLF", () => {
    expect(csvHeader()).toBe("\uFEFFconnection_id,organization,account_id,role_arn,partition,status,last_checked_at,last_verified_at,last_failure_code,last_failure_reason,on_old_external_id\r\n");
    expect(cells(csvRows([row({})]).trimEnd())).toEqual([
      "00000000-0000-4000-8000-000000000001", "Acme", "123456789012", "arn:aws:iam::123456789012:role/R", "aws", "failed",
      "2026-11-27T10:00:00.000Z", "", "access-denied", "AWS refused Rolegate access to the role", "no",
    ]);
  });

  it.each([
    ["=HYPERLINK(\"http://evil\")", `"'=HYPERLINK(""http://evil"")"`],
    ["+1", "'+1"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tTabbed", `"'\tTabbed"`],
    ["\rReturn", `"'\rReturn"`],
    ["\uFF1D1+1", "'\uFF1D1+1"],
    ["\uFF0B1", "'\uFF0B1"],
  ])("defuses a cell that a spreadsheet would run as a formula: %j", (name, cell) => {
    expect(csvRows([row({ organizationName: name })]).split(",")[1]).toBe(cell);
  });

  it.each([";=1+1;", "Acme;=1+1", "Acme\t=1+1", "Acme\r\n=1+1"])(
    "quotes a cell that a spreadsheet splitting on ; or tabs would cut into a formula: %j",
    (name) => {
      const line = csvRows([row({ organizationName: name })]);
      expect(line).toContain(`,"${name}",`);
      // Split as Excel does in locales whose list separator is ";": the quoted cell stays whole.
      expect(semicolonCells(line).some((cell) => /^[=+\-@\uFF1D]/.test(cell))).toBe(false);
    },
  );

  it("quotes commas, quotes and line breaks, and leaves an ordinary cell alone", () => {
    expect(csvRows([row({ organizationName: 'Smith, "Jones" & Co\nLtd' })]).split(/,(?=\d{12})/)[0]).toMatch(/,"Smith, ""Jones"" & Co\nLtd"$/);
    expect(csvRows([row({ organizationName: "Plain Name GmbH" })])).toContain(",Plain Name GmbH,");
  });
});
