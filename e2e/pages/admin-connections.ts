import { expect, type Page } from "@playwright/test";
import { e2e } from "../../playwright.config";

/** The partner dashboard's connection list and connection pages, in the words of the UI. */
export class ConnectionsPages {
  constructor(readonly page: Page) {}

  async open(params: Record<string, string> = {}): Promise<void> {
    const search = new URLSearchParams(params).toString();
    await this.page.goto(`/admin/connections${search ? `?${search}` : ""}`);
  }

  table() {
    return this.page.getByRole("table", { name: "Connections" });
  }

  /** The data rows of the table (each has a selection checkbox). */
  rows() {
    return this.table().getByRole("row").filter({ has: this.page.getByRole("checkbox", { name: /^Select account \d{12}$/ }) });
  }

  row(accountId: string) {
    return this.page.getByRole("row", { name: new RegExp(`^Account ${accountId} of `) });
  }

  /** Types a search: the list follows by itself after a short pause (no Apply). */
  async search(text: string): Promise<void> {
    const before = this.page.url();
    await this.page.getByRole("searchbox", { name: "Search" }).fill(text);
    await expect(this.page).not.toHaveURL(before);
  }

  /** Picks a filter: the list follows at once (no Apply). */
  async filter(label: "Status" | "Partition" | "Sort by" | "Order" | "Per page", value: string): Promise<void> {
    const before = this.page.url();
    await this.page.getByRole("combobox", { name: label }).selectOption(value);
    await expect(this.page).not.toHaveURL(before);
  }

  async apply(): Promise<void> {
    const before = this.page.url();
    await this.page.getByRole("search", { name: "Filter connections" }).getByRole("button", { name: "Apply" }).click();
    await expect(this.page).not.toHaveURL(before);
  }

  pages() {
    return this.page.getByRole("navigation", { name: "Pages" });
  }

  /** Opens a row's action menu, when the account is listed with one (a connection's own page has none). */
  async openRowMenu(accountId: string): Promise<void> {
    const menu = this.page.getByText(`Actions for account ${accountId}`);
    if ((await menu.count()) === 0) return;
    if (!(await menu.evaluate((summary) => (summary.closest("details") as HTMLDetailsElement).open))) await menu.click();
  }

  /** Re-verifies a row's connection (from its action menu) and returns the one-line outcome. */
  async reverify(accountId: string, timeout = 30_000) {
    const row = this.row(accountId);
    await this.openRowMenu(accountId);
    await row.getByRole("button", { name: `Re-verify account ${accountId}` }).click();
    await expect(row.getByRole("status")).not.toBeEmpty({ timeout });
    return row;
  }

  /** Disconnects a connection from its row or page, confirming when asked. */
  async disconnect(accountId: string): Promise<void> {
    await this.openRowMenu(accountId);
    await this.page.getByRole("button", { name: `Disconnect account ${accountId}` }).click();
    await this.page.getByRole("form", { name: `Confirm disconnecting account ${accountId}` }).getByRole("button", { name: "Yes, disconnect" }).click();
  }
}

/** An organisation's External ID section. */
export class RotationPages {
  constructor(readonly page: Page) {}

  async rotate(organizationId: string): Promise<void> {
    await this.page.goto(`/admin/organizations/${organizationId}`);
    await this.page.getByRole("button", { name: "Rotate External ID" }).click();
    const confirm = this.page.getByRole("form", { name: "Confirm External ID rotation" });
    await confirm.getByLabel("Your password").fill(e2e.adminPassword);
    await confirm.getByRole("button", { name: "Yes, issue a new External ID" }).click();
  }

  oldIdConnections() {
    return this.page.getByRole("list", { name: "Connections on an old External ID" });
  }
}
