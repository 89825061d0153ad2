import { expect, type Page } from "@playwright/test";

/** Bulk re-verification as a partner admin does it, in the words of the UI. */
export class JobPages {
  constructor(readonly page: Page) {}

  /** The start form on /admin/jobs. */
  form() {
    return this.page.getByRole("form", { name: "Start a bulk re-verification" });
  }

  /**
   * Re-verifies exactly these connections: the form fields the dashboard's table submits for its
   * ticked rows (`scope=selection`, one `connectionId` each), sent through the start form's own
   * server action. Returns the job's id from the page it lands on.
   */
  async startSelection(connectionIds: readonly string[]): Promise<string> {
    await this.page.goto("/admin/jobs");
    await this.form().evaluate((form, ids) => {
      for (const radio of form.querySelectorAll<HTMLInputElement>('input[name="scope"]')) radio.remove();
      const field = (name: string, value: string) => {
        const input = document.createElement("input");
        Object.assign(input, { type: "hidden", name, value });
        form.append(input);
      };
      field("scope", "selection");
      for (const id of ids) field("connectionId", id);
    }, connectionIds);
    await this.form().getByRole("button", { name: "Start re-verification" }).click();
    await expect(this.page).toHaveURL(/\/admin\/jobs\/[0-9a-f-]{36}$/);
    return this.page.url().split("/").pop()!;
  }

  /** The live numbers on a job's page. */
  count(label: "Done" | "Verified" | "Failed" | "Remaining") {
    return this.page.getByRole("term").filter({ hasText: new RegExp(`^${label}$`) }).locator("xpath=following-sibling::dd[1]");
  }

  progressbar() {
    return this.page.getByRole("progressbar", { name: "Connections checked" });
  }

  /** The line announced when the job is over. */
  outcome() {
    return this.page.getByRole("status").filter({ hasText: / verified, \d+ failed of \d+$/ });
  }
}
