import { expect, type Page } from "@playwright/test";

/** What a partner admin does, in the words of the UI. */
export class AdminPages {
  constructor(readonly page: Page) {}

  /** Creates an organisation and returns its id (from the URL it lands on). */
  async createOrganization(name: string): Promise<string> {
    await this.page.goto("/admin/organizations");
    await this.page.getByLabel("Organisation name").fill(name);
    await this.page.getByRole("button", { name: "Create organisation" }).click();
    await expect(this.page.getByRole("heading", { level: 1, name })).toBeVisible();
    return this.page.url().split("/").pop()!;
  }

  /** On an organisation's page: invites an e-mail, copies the link with the copy button, returns it. */
  async invite(email: string): Promise<string> {
    await this.page.getByLabel("Member's e-mail").fill(email);
    await this.page.getByRole("button", { name: "Create invite link" }).click();
    await expect(this.page.getByRole("status").filter({ hasText: `Invite for ${email} created` })).toBeVisible();
    await this.page.getByRole("button", { name: "Copy invite link" }).click();
    await expect(this.page.getByRole("button", { name: "Copied" })).toBeVisible();
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  /** The External ID shown on an organisation's page. */
  async externalIdOf(organizationId: string): Promise<string> {
    await this.page.goto(`/admin/organizations/${organizationId}`);
    return this.page.getByRole("textbox", { name: "External ID" }).inputValue();
  }
}
