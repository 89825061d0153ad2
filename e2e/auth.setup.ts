import { expect, test as setup } from "@playwright/test";
import { e2e } from "../playwright.config";
import { ADMIN_STATE } from "./fixtures";
import { signIn } from "./pages/customer";

setup("partner admin signs in", async ({ page }) => {
  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await expect(page).toHaveURL(/\/admin$/);
  await page.context().storageState({ path: ADMIN_STATE });
});
