import { expect, type Page } from "@playwright/test";

/** Webhook endpoints and their deliveries as a partner admin handles them, in the words of the UI. */
export class WebhookPages {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto("/admin/webhooks");
  }

  form() {
    return this.page.getByRole("form", { name: "Add a webhook endpoint" });
  }

  /** Fills the form: the URL, a description, and either "All events" or these event types. */
  async fill(input: { url: string; description?: string; events?: readonly string[] }): Promise<void> {
    const form = this.form();
    await form.getByRole("textbox", { name: "Endpoint URL" }).fill(input.url);
    await form.getByRole("textbox", { name: "Description (optional)" }).fill(input.description ?? "");
    const all = form.getByRole("checkbox", { name: /^All events/ });
    if (!input.events) return all.check();
    await all.uncheck();
    for (const type of input.events) await form.getByRole("checkbox", { name: new RegExp(`^${type.replace(".", "\\.")}\\b`) }).check();
  }

  async submit(): Promise<void> {
    await this.form().getByRole("button", { name: "Add endpoint" }).click();
  }

  /** Adds an endpoint, copies its signing secret with the copy button, and returns the secret. */
  async create(input: { url: string; description?: string; events?: readonly string[] }): Promise<string> {
    await this.open();
    await this.fill(input);
    await this.submit();
    await expect(this.page.getByRole("status").filter({ hasText: "Endpoint added" })).toBeVisible();
    await this.page.getByRole("button", { name: "Copy signing secret" }).click();
    await expect(this.page.getByRole("button", { name: "Copied" })).toBeVisible();
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  table() {
    return this.page.getByRole("table", { name: "Webhook endpoints" });
  }

  row(url: string) {
    return this.table().getByRole("row").filter({ has: this.page.getByRole("link", { name: url, exact: true }) });
  }

  /** From the list, the endpoint's own page. */
  async openEndpoint(url: string): Promise<void> {
    await this.open();
    await this.row(url).getByRole("link", { name: url, exact: true }).click();
    await expect(this.page.getByRole("heading", { level: 1, name: "Webhook endpoint" })).toBeVisible();
  }

  /** Asks to delete an endpoint: the confirmation that appears (not yet confirmed). */
  async askToDelete(url: string) {
    await this.row(url).getByRole("button", { name: `Delete endpoint ${url}` }).click();
    return this.page.getByRole("form", { name: `Confirm: Delete endpoint ${url}` });
  }

  deliveries() {
    return this.page.getByRole("table", { name: "Deliveries, newest first" });
  }

  /**
   * On an endpoint's page, the row of the delivery of this event; follows "Older deliveries" when
   * other events have pushed it off the first page.
   */
  async delivery(eventId: string) {
    const row = () => this.deliveries().getByRole("row").filter({ hasText: eventId });
    for (let pages = 0; pages < 20 && (await row().count()) === 0; pages++) {
      const older = this.page.getByRole("link", { name: "Older deliveries" });
      if ((await older.count()) === 0) break;
      const before = this.page.url();
      await older.click();
      await this.page.waitForURL((url) => url.href !== before);
    }
    await expect(row()).toHaveCount(1);
    return row();
  }

  /** The cells of a delivery row, by column. */
  cell(row: ReturnType<Page["locator"]>, column: "Status" | "Attempts" | "Last response" | "Next retry") {
    const index = { Status: 1, Attempts: 2, "Last response": 3, "Next retry": 5 }[column];
    return row.getByRole("cell").nth(index);
  }
}
