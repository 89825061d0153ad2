import { randomUUID } from "node:crypto";
import { test as base, expect, type Browser, type Page } from "@playwright/test";
import { e2e } from "../playwright.config";
import { AdminPages } from "./pages/admin";
import { CustomerPages } from "./pages/customer";

export const ADMIN_STATE = "e2e/.auth/admin.json";

/** A unique name for data a test creates, so tests never depend on each other or on leftovers. */
export function unique(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

/** What a dangerous action (new API key, new External ID) asks of the partner admin again: the password. */
export const ADMIN_REAUTH = { currentPassword: e2e.adminPassword } as const;

/** The organisation list searched for one name: the list is paged, so a name is looked for, never scanned for on page one. */
export function organizationSearch(name: string): string {
  return `/admin/organizations?q=${encodeURIComponent(name)}`;
}

/** A signed-in customer in a browser context of its own (its own cookies). */
export async function customerSession(browser: Browser, inviteLink: string, name = "Casey Customer") {
  const context = await browser.newContext({ baseURL: e2e.baseURL, permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  const customer = new CustomerPages(page);
  await customer.acceptInvite(inviteLink, name, "customer password 123");
  return { context, page, customer };
}

type Fixtures = { admin: AdminPages; adminPage: Page };

/** Tests get `admin` page objects on a page signed in as the partner admin. */
export const test = base.extend<Fixtures>({
  adminPage: async ({ browser }, use) => {
    const context = await browser.newContext({ baseURL: e2e.baseURL, storageState: ADMIN_STATE });
    const page = await context.newPage();
    await use(page);
    await context.close();
  },
  admin: async ({ adminPage }, use) => {
    await use(new AdminPages(adminPage));
  },
});

export { expect, e2e };
export type { AdminPages };
