import { ADMIN_STATE, e2e, expect, test, unique } from "./fixtures";
import { partnerApi } from "./support/api-client";
import { newKey } from "./support/api-keys";

// The organisation list as an admin with many customers uses it: a search that follows the
// typing, pages by keyset, a sort that applies at once, a form that always shows what the list
// shows, and counts written as people read them.

const COUNT = 12;
let tag = "";

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext({ baseURL: e2e.baseURL, storageState: ADMIN_STATE });
  const api = await partnerApi((await newKey(context.request, "write", "orgs")).key);
  tag = unique("Orglist");
  for (let i = 0; i < COUNT; i++) expect((await api.post(`/organizations`, { name: `${tag} ${String(i).padStart(2, "0")}` })).status).toBe(201);
  await api.dispose();
  await context.close();
});

test("an admin finds organisations by typing, pages through them, and sorts them", async ({ adminPage }) => {
  const page = adminPage;
  await page.goto("/admin/organizations?size=10");
  const search = page.getByRole("searchbox", { name: "Search by name" });
  await search.fill(tag);
  // No Apply: the list follows the typing.
  await expect(page).toHaveURL(new RegExp(`q=${tag}`));
  await expect(page.getByRole("status").filter({ hasText: `${COUNT} organisations match` })).toBeVisible();
  const table = page.getByRole("table", { name: "Customer organisations" });
  const names = () => table.getByRole("link").allTextContents();
  await expect(table.getByRole("link")).toHaveCount(10);
  const first = await names();
  expect(first).toEqual(Array.from({ length: 10 }, (_, i) => `${tag} ${String(i).padStart(2, "0")}`));
  const pages = page.getByRole("navigation", { name: "Pages" });
  await pages.getByRole("link", { name: "Next" }).click();
  await expect(table.getByRole("link")).toHaveCount(2);
  await expect(pages.getByRole("link", { name: "Next" })).toHaveCount(0);
  await pages.getByRole("link", { name: "Previous" }).click();
  await expect(table.getByRole("link")).toHaveCount(10);
  expect(await names()).toEqual(first);

  // A choice applies at once, and the view is in the URL.
  await page.getByRole("combobox", { name: "Order" }).selectOption("desc");
  await expect(page).toHaveURL(/dir=desc/);
  await expect(table.getByRole("link").first()).toHaveText(`${tag} ${String(COUNT - 1).padStart(2, "0")}`);
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Order" })).toHaveValue("desc");
  await expect(search).toHaveValue(tag);

  // "Clear all" empties the form as well as the list's filters.
  await page.getByRole("link", { name: "Clear all" }).click();
  await expect(page).toHaveURL(/\/admin\/organizations$/);
  await expect(search).toHaveValue("");
  await expect(page.getByRole("combobox", { name: "Order" })).toHaveValue("asc");

  // The search is literal, and a search that matches nothing says so.
  await search.fill(`${tag}%`);
  await expect(page.getByText("No organisation matches this search.")).toBeVisible();
});

test("the organisation list does not grow with the number of organisations", async ({ adminPage }) => {
  await adminPage.goto("/admin/organizations");
  const rows = adminPage.getByRole("table", { name: "Customer organisations" }).getByRole("row");
  // 50 a page by default, plus the header row, however many organisations there are.
  expect(await rows.count()).toBeLessThanOrEqual(51);
  // Counts are grouped by thousands and agree with their nouns.
  await expect(adminPage.getByRole("status").filter({ hasText: /^\d{1,3}(,\d{3})* organisations?$/ })).toBeVisible();
});

test("starting a re-verification of every failed connection asks first, with the exact count", async ({ adminPage }) => {
  await adminPage.goto("/admin/jobs");
  const jobRows = await adminPage.getByRole("row").count();
  await adminPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Connections" }).click();
  await adminPage.getByRole("button", { name: "Re-verify all…" }).click();
  const confirm = adminPage.getByRole("form", { name: "Confirm the bulk re-verification" });
  await expect(confirm).toContainText(/Re-verify all [\d,]+ connections?\? At the STS budget .* this takes at least \d+ (seconds?|minutes?|hours?)/);
  const count = /Re-verify all ([\d,]+) connection/.exec((await confirm.textContent()) ?? "")?.[1];
  await expect(confirm.getByRole("button", { name: `Start re-verifying ${count}` })).toBeVisible();
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toHaveCount(0);
  // Nothing started, and Jobs is one click away in the main navigation.
  await adminPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Jobs" }).click();
  await expect(adminPage).toHaveURL(/\/admin\/jobs$/);
  await expect(adminPage.getByRole("row")).toHaveCount(jobRows);
});
