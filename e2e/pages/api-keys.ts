import { expect, type Page } from "@playwright/test";
import { e2e } from "../../playwright.config";

export type Scope = "read" | "write";

/** API keys and the API reference as a partner admin uses them, in the words of the UI. */
export class ApiKeyPages {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto("/admin/api-keys");
  }

  form() {
    return this.page.getByRole("form", { name: "Create an API key" });
  }

  table() {
    return this.page.getByRole("table", { name: "API keys" });
  }

  /** The key's row in the list. */
  row(name: string) {
    return this.table().getByRole("row").filter({ has: this.page.getByRole("cell", { name, exact: true }) });
  }

  /** Creates a key, copies it with its copy button, and returns what was copied. */
  async create(name: string, scope: Scope): Promise<string> {
    await this.open();
    await this.form().getByRole("textbox", { name: "Name" }).fill(name);
    await this.form().getByRole("radio", { name: new RegExp(`^${scope === "read" ? "Read" : "Write"}\\b`) }).check();
    await this.form().getByLabel("Your password").fill(e2e.adminPassword);
    await this.form().getByRole("button", { name: "Create API key" }).click();
    await expect(this.page.getByRole("status").filter({ hasText: `Key “${name}” created (${scope})` })).toBeVisible();
    await this.page.getByRole("button", { name: "Copy API key" }).click();
    await expect(this.page.getByRole("button", { name: "Copied" })).toBeVisible();
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  /** The key shown once after creating it. */
  shownKey() {
    return this.page.getByRole("textbox", { name: "API key" });
  }

  /** Asks to revoke a key: the confirmation that appears (not yet confirmed). */
  async askToRevoke(name: string) {
    await this.row(name).getByRole("button", { name: `Revoke key ${name}` }).click();
    return this.page.getByRole("form", { name: `Confirm: Revoke key ${name}` });
  }

  /** Revokes a key, confirming when asked. */
  async revoke(name: string): Promise<void> {
    const confirm = await this.askToRevoke(name);
    await confirm.getByRole("button", { name: "Yes, revoke" }).click();
    await expect(this.page.getByRole("status").filter({ hasText: "Key revoked" })).toBeVisible();
  }

  /** The "Last used" and "State" cells of a key's row. */
  async facts(name: string): Promise<{ lastUsed: string; state: string }> {
    const cells = this.row(name).getByRole("cell");
    return { lastUsed: await cells.nth(4).innerText(), state: await cells.nth(5).innerText() };
  }
}
