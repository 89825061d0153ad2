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
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** The onboarding wizard: paste the role ARN and connect (saved, then checked live at once). */
export class OnboardingPages {
  constructor(readonly page: Page) {}

  field() {
    return this.page.getByRole("textbox", { name: "Role ARN" });
  }

  /** Opens the page, pastes the ARN and clicks "Connect". */
  async pasteRoleArn(arn: string): Promise<void> {
    await this.page.goto("/onboarding");
    await this.field().fill(arn);
    await this.page.getByRole("button", { name: "Connect", exact: true }).click();
  }

  /** The same: "Connect" saves the ARN and starts the live check. */
  async connect(arn: string): Promise<void> {
    await this.pasteRoleArn(arn);
  }

  /** Corrects the ARN in place (no reload) and connects again. */
  async correct(arn: string): Promise<void> {
    await this.field().fill(arn);
    await this.page.getByRole("button", { name: "Connect", exact: true }).click();
  }

  checks() {
    return this.page.getByRole("list", { name: "Verification checks" });
  }

  check(label: RegExp | string) {
    return this.checks().getByRole("listitem").filter({ hasText: label });
  }
}
