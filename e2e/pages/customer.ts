import { expect, type Page } from "@playwright/test";

/** What a customer member does, in the words of the UI. */
export class CustomerPages {
  constructor(readonly page: Page) {}

  async acceptInvite(link: string, name: string, password: string): Promise<void> {
    await this.page.goto(link);
    await this.page.getByLabel("Your name").fill(name);
    await this.page.getByLabel("Password", { exact: true }).fill(password);
    await this.page.getByLabel("Confirm password").fill(password);
    await this.page.getByRole("button", { name: "Create account" }).click();
    await expect(this.page).toHaveURL(/\/onboarding$/);
  }

  async externalId(): Promise<string> {
    await this.page.goto("/onboarding");
    return this.page.getByRole("textbox", { name: "External ID" }).inputValue();
  }
}

/** Signs in through the sign-in form. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The onboarding wizard, steps 3 and 4. */
export class OnboardingPages {
  constructor(readonly page: Page) {}

  async pasteRoleArn(arn: string): Promise<void> {
    await this.page.goto("/onboarding");
    await this.page.getByRole("textbox", { name: "Role ARN" }).fill(arn);
    await this.page.getByRole("button", { name: "Continue" }).click();
  }

  /** Pastes the ARN, then starts the live check. */
  async connect(arn: string): Promise<void> {
    await this.pasteRoleArn(arn);
    await expect(this.page).toHaveURL(/\/onboarding\?connection=/);
    await this.page.getByRole("button", { name: "Verify access" }).click();
  }

  checks() {
    return this.page.getByRole("list", { name: "Verification checks" });
  }

  check(label: RegExp | string) {
    return this.checks().getByRole("listitem").filter({ hasText: label });
  }
}
