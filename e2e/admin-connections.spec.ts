import type { Browser } from "@playwright/test";
import { ADMIN_STATE, e2e, expect, test, unique } from "./fixtures";
import { AdminPages } from "./pages/admin";
import { ConnectionsPages } from "./pages/admin-connections";
import { partnerApi } from "./support/api-client";
import { newKey } from "./support/api-keys";
import { createRole, customerAccountId, deleteRole, sandboxInfo, trustPolicy } from "./support/sandbox";

// One organisation with twelve pending connections, shared by the tests below (made once: it takes a while).
// They are added through the partner API: a member's pasted ARN is a draft, not listed for admins until it verifies.
const fleet = { tag: "", orgName: "", good: [] as string[], missing: "", insecure: "", all: [] as string[] };

async function makeFleet(browser: Browser) {
  const context = await browser.newContext({ baseURL: e2e.baseURL, storageState: ADMIN_STATE });
  const admin = new AdminPages(await context.newPage());
  fleet.tag = unique("Fleet");
  // A name a spreadsheet would run as a formula: the CSV export must defuse it.
  fleet.orgName = `=HYPERLINK("http://x") ${fleet.tag}`;
  const orgId = await admin.createOrganization(fleet.orgName);
  const externalId = await admin.externalIdOf(orgId);
  const partner = (await sandboxInfo()).partner.accountId;
  const api = await partnerApi((await newKey(context.request, "write", "fleet")).key);
  for (let i = 0; i < 12; i++) {
    const accountId = customerAccountId();
    const kind = i === 0 ? "missing" : i === 1 ? "insecure" : "good";
    const arn = await createRole({ accountId, roleName: `Fleet${i}`, trustPolicy: trustPolicy(partner, kind === "insecure" ? undefined : externalId) });
    if (kind === "missing") await deleteRole(arn);
    expect((await api.post(`/organizations/${orgId}/connections`, { roleArn: arn })).status).toBe(201);
    fleet.all.push(accountId);
    if (kind === "missing") fleet.missing = accountId;
    else if (kind === "insecure") fleet.insecure = accountId;
    else fleet.good.push(accountId);
  }
  await api.dispose();
  await context.close();
}

test.describe.configure({ mode: "serial" });
test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  await makeFleet(browser);
});

test("an admin searches, filters and pages through every organisation's connections", async ({ adminPage }) => {
  const list = new ConnectionsPages(adminPage);
  await list.open({ size: "10" });
  await list.search(fleet.tag);
  await expect(adminPage.getByRole("status").filter({ hasText: "12 connections match · 1–10 shown" })).toBeVisible();
  await expect(list.rows()).toHaveCount(10);
  const firstPage = await list.rows().allTextContents();
  await list.pages().getByRole("link", { name: "Next" }).click();
  await expect(list.rows()).toHaveCount(2);
  await expect(adminPage.getByRole("status").filter({ hasText: "12 connections match · 11–12 shown" })).toBeVisible();
  await expect(list.pages().getByRole("link", { name: "Next" })).toHaveCount(0);
  const secondPage = await list.rows().allTextContents();
  expect(new Set([...firstPage, ...secondPage]).size).toBe(12);
  // The view is in the URL: a reload shows the same page.
  await adminPage.reload();
  await expect(list.rows()).toHaveCount(2);
  expect(await list.rows().allTextContents()).toEqual(secondPage);
  await list.pages().getByRole("link", { name: "Previous" }).click();
  await expect(list.rows()).toHaveCount(10);
  expect(await list.rows().allTextContents()).toEqual(firstPage);
  await expect(list.pages().getByRole("link", { name: "Previous" })).toHaveCount(0);

  // Search by account id; filter by status; sort by organisation.
  await list.search(fleet.good[3]!);
  await expect(list.rows()).toHaveCount(1);
  await expect(list.row(fleet.good[3]!)).toContainText(fleet.tag);
  await list.search(fleet.tag);
  await list.filter("Status", "verified");
  await expect(adminPage.getByText("No connection matches these filters.")).toBeVisible();
  await list.filter("Status", "pending");
  await list.filter("Sort by", "organization");
  await expect(adminPage).toHaveURL(/status=pending/);
  await expect(adminPage).toHaveURL(/sort=organization/);
  await expect(list.rows()).toHaveCount(10);
  // Nonsense in the URL reads as defaults, never as an error page.
  await list.open({ status: "bogus", sort: "1;drop", after: "%%%", size: "7" });
  await expect(list.table()).toBeVisible();
});

test("an admin re-verifies connections, opens one with its history, and disconnects another", async ({ adminPage }) => {
  // A fresh role that AWS denies is retried for a minute (IAM propagation) before it counts as failed.
  test.setTimeout(180_000);
  const list = new ConnectionsPages(adminPage);
  await list.open({ q: fleet.tag });
  const good = fleet.good[0]!;
  await expect(await list.reverify(good)).toContainText("Verified");
  await expect(list.row(good).getByText("verified", { exact: true })).toBeVisible();
  await expect(await list.reverify(fleet.insecure)).toContainText("insecure: This role can be assumed without an External ID");
  const missing = await list.reverify(fleet.missing, 100_000);
  await expect(missing).toContainText("failed: AWS refused Rolegate access to the role");

  await list.filter("Status", "failed");
  await expect(list.rows()).toHaveCount(1);
  // One line a row, the failure text included: its whole text is there on hover or focus.
  expect((await list.row(fleet.missing).boundingBox())!.height).toBeLessThan(60);
  await expect(list.row(fleet.missing).getByTitle(/AWS refused Rolegate access/)).toBeAttached();
  await list.row(fleet.missing).getByRole("link", { name: `View account ${fleet.missing}` }).click();
  await expect(adminPage.getByRole("heading", { level: 1 })).toContainText(`Account ${fleet.missing}`);
  await expect(adminPage.getByRole("link", { name: fleet.orgName })).toBeVisible();
  // When its current status began, and the next scheduled check (off in these tests: HEALTH_CHECK_INTERVAL=off).
  await expect(adminPage.getByText("Failing since", { exact: true })).toBeVisible();
  await expect(adminPage.getByText("scheduled checks are off")).toBeVisible();
  const history = adminPage.getByRole("list", { name: "Verification history" });
  await expect(history.getByRole("listitem")).toHaveCount(1);
  const entry = history.getByRole("listitem").first();
  await expect(entry).toContainText("failed");
  await expect(entry).toContainText("manual by Partner admin");
  const assume = entry.getByRole("row").filter({ hasText: "Assume the role with your External ID" });
  await expect(assume).toContainText("AccessDenied");
  await expect(assume).toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-/);

  // Disconnect, with a confirmation; the connection stays listed as disconnected, its history kept.
  const pages = new ConnectionsPages(adminPage);
  await pages.disconnect(fleet.missing);
  await expect(adminPage.getByText("This connection is disconnected")).toBeVisible();
  await expect(history.getByRole("listitem")).toHaveCount(1);
  await pages.open({ q: fleet.tag, status: "disconnected" });
  await expect(pages.rows()).toHaveCount(1);
  await expect(pages.row(fleet.missing)).toContainText("disconnected");

  // The connection page's own re-verify shows every check, then the history grows.
  await adminPage.goto(`/admin/connections?q=${encodeURIComponent(good)}`);
  await pages.row(good).getByRole("link", { name: `View account ${good}` }).click();
  await expect(adminPage.getByRole("heading", { level: 1 })).toContainText(`Account ${good}`);
  await adminPage.getByRole("button", { name: "Re-verify", exact: true }).click();
  await expect(adminPage.getByRole("status").filter({ hasText: "Access verified" })).toBeVisible({ timeout: 30_000 });
  await adminPage.reload();
  await expect(history.getByRole("listitem")).toHaveCount(2);
});

test("the filtered view exports as CSV, streamed as an attachment, formulas defused", async ({ adminPage }) => {
  const list = new ConnectionsPages(adminPage);
  await list.open({ q: fleet.tag, status: "pending" });
  const [download] = await Promise.all([adminPage.waitForEvent("download"), adminPage.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^rolegate-connections-\d{4}-\d\d-\d\d\.csv$/);
  const response = await adminPage.request.get(`/admin/connections/export?q=${encodeURIComponent(fleet.tag)}`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename=/);
  expect(response.headers()["content-type"]).toContain("text/csv");
  const lines = (await response.text()).trim().split("\r\n");
  expect(lines[0]).toContain("connection_id,organization,account_id");
  expect(lines).toHaveLength(13);
  for (const line of lines.slice(1)) expect(line).toContain(`"'=HYPERLINK(""http://x"") ${fleet.tag}"`);
  expect(lines.slice(1).map((l) => l.split(",")[2])).toEqual(expect.arrayContaining(fleet.all));
});
