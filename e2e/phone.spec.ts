import { customerSession, expect, test, unique } from "./fixtures";
import { accessibilityViolations } from "./support/axe";

// A customer on a 390 px phone: the header fits, the External ID is seen whole beside its copy
// button, nothing scrolls sideways (the template's details open included), and the pages pass axe.

test.use({ viewport: { width: 390, height: 844 } });

/** Whether the page scrolls sideways. */
const scrollsSideways = (page: import("@playwright/test").Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

test("a customer on a phone: compact menu, whole External ID, no sideways scroll, no axe violation", async ({ admin, browser }) => {
  await admin.createOrganization(unique("Phone"));
  const { context, page, customer } = await customerSession(browser, await admin.invite(`${unique("phone")}@customer.test`));
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/onboarding");

  // The brand and the menu sit side by side without touching; the links are behind the menu.
  const brand = await page.getByRole("link", { name: "Rolegate", exact: true }).boundingBox();
  const menu = page.getByRole("navigation", { name: "Main" }).getByText("Menu");
  const menuBox = await menu.boundingBox();
  expect(brand && menuBox && brand.x + brand.width < menuBox.x).toBe(true);
  expect(brand && menuBox && Math.abs(brand.y + brand.height / 2 - (menuBox.y + menuBox.height / 2)) < 12).toBe(true);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Accounts" })).toBeHidden();

  // The External ID is shown whole: nothing of it is cut off, and the copy button is beside it.
  const field = page.getByRole("textbox", { name: "External ID" });
  const externalId = await customer.externalId();
  await expect(field).toHaveValue(externalId);
  const clipped = await field.evaluate((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
  expect(clipped, "the External ID field hides part of its value").toBe(false);
  await expect(page.getByRole("button", { name: "Copy external id" })).toBeInViewport();
  expect(await scrollsSideways(page)).toBe(false);

  await page.getByText("Review the template, or create the role another way").click();
  await expect(page.getByText("Access policy", { exact: true })).toBeVisible();
  expect(await scrollsSideways(page), "the opened template details push the page sideways").toBe(false);
  expect(await accessibilityViolations(page)).toEqual([]);

  // The menu opens, leads on, and is closed on the next page.
  await menu.click();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Accounts" }).click();
  await expect(page).toHaveURL(/\/accounts$/);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Accounts" })).toBeHidden();
  expect(await scrollsSideways(page)).toBe(false);
  expect(await accessibilityViolations(page)).toEqual([]);
  await context.close();
});

test("an admin on a phone reaches every section through the menu", async ({ adminPage }) => {
  await adminPage.setViewportSize({ width: 390, height: 844 });
  await adminPage.goto("/admin");
  const nav = adminPage.getByRole("navigation", { name: "Main" });
  await nav.getByText("Menu").click();
  for (const label of ["Dashboard", "Connections", "Organisations", "Jobs", "API keys", "Webhooks", "Mail"]) await expect(nav.getByRole("link", { name: label })).toBeVisible();
  await nav.getByRole("link", { name: "Organisations" }).click();
  await expect(adminPage).toHaveURL(/\/admin\/organizations$/);
  expect(await scrollsSideways(adminPage)).toBe(false);
  expect(await accessibilityViolations(adminPage)).toEqual([]);
});
