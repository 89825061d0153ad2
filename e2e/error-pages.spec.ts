import { randomUUID } from "node:crypto";
import { expect, test } from "./fixtures";

// An address that leads nowhere gets a 404 and a page in the product's own words, whether the
// path does not exist or names a record that does not (or not for this viewer).

test("an unknown address answers 404 with a page that leads back", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response!.status()).toBe(404);
  await expect(page).toHaveTitle("Page not found · Rolegate");
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: "Go to your start page" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
});

test("an unknown record answers the same 404 page to an admin", async ({ admin }) => {
  for (const path of [`/admin/connections/${randomUUID()}`, `/admin/organizations/${randomUUID()}`, "/admin/organizations/not-a-uuid"]) {
    const response = await admin.page.goto(path);
    expect(response!.status(), path).toBe(404);
    await expect(admin.page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  }
  await admin.page.getByRole("link", { name: "Go to your start page" }).click();
  await expect(admin.page).toHaveURL(/\/admin$/);
});
