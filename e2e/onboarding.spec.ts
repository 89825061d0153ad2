import type { Browser } from "@playwright/test";
import { customerSession, expect, test, unique, type AdminPages } from "./fixtures";
import { OnboardingPages } from "./pages/customer";
import { addFault, clearFaults, createRole, customerAccountId, deleteRole, sandboxInfo, trustPolicy } from "./support/sandbox";

/** A new organisation with one signed-in member, and what the member needs to build roles. */
async function newCustomer(admin: AdminPages, browser: Browser) {
  await admin.createOrganization(unique("Org"));
  const link = await admin.invite(`${unique("m")}@customer.test`);
  const session = await customerSession(browser, link);
  const externalId = await session.customer.externalId();
  const partner = (await sandboxInfo()).partner.accountId;
  return { ...session, externalId, partner, onboarding: new OnboardingPages(session.page) };
}

test("a role trusting the partner without the External ID condition is refused as insecure", async ({ admin, browser }) => {
  const { context, page, partner, onboarding } = await newCustomer(admin, browser);
  const arn = await createRole({ accountId: customerAccountId(), roleName: unique("Open"), trustPolicy: trustPolicy(partner) });
  await onboarding.connect(arn);
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText("can be assumed without an External ID", { timeout: 30_000 });
  await expect(alert).toContainText("sts:ExternalId");
  await expect(onboarding.check("Access without the External ID is refused")).toContainText("Failed");
  await page.goto("/accounts");
  await expect(page.getByRole("listitem", { name: /^Account / })).toContainText("insecure");
  await context.close();
});

test("a stack created with an edited External ID fails with the External ID named as a cause", async ({ admin, browser }) => {
  // A fresh role that AWS denies is retried for about a minute (IAM propagation) before the failure is final.
  test.setTimeout(150_000);
  const { context, page, partner, externalId, onboarding } = await newCustomer(admin, browser);
  const arn = await createRole({ accountId: customerAccountId(), roleName: unique("Edited"), trustPolicy: trustPolicy(partner, `${externalId}-edited`) });
  await onboarding.connect(arn);
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText("External ID", { timeout: 90_000 });
  await expect(onboarding.check("Assume the role with your External ID")).toContainText("Failed");
  await expect(page.getByRole("button", { name: "Try again" })).toBeEnabled();
  await page.getByText("Details for support").click();
  await expect(alert).toContainText("AccessDenied");
  await context.close();
});

test("a working role is verified; once deleted, re-verifying it fails", async ({ admin, browser }) => {
  const { context, page, partner, externalId, onboarding } = await newCustomer(admin, browser);
  const accountId = customerAccountId();
  const arn = await createRole({ accountId, roleName: unique("Good"), trustPolicy: trustPolicy(partner, externalId) });
  await onboarding.connect(arn);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`AWS account ${accountId} is connected`, { timeout: 30_000 });
  await page.getByRole("link", { name: "View accounts" }).click();
  const card = page.getByRole("listitem", { name: `Account ${accountId}` });
  await expect(card).toContainText("verified");

  await deleteRole(arn);
  await card.getByRole("button", { name: "Re-verify" }).click();
  await expect(card.getByRole("alert")).toBeVisible({ timeout: 30_000 });
  await expect(card.getByText("failed", { exact: true })).toBeVisible();
  await context.close();
});

test("a garbage ARN gets a message on the field, keeps the input, and saves nothing", async ({ admin, browser }) => {
  const { context, page, onboarding } = await newCustomer(admin, browser);
  for (const [input, message] of [
    ["hello", "Must be an IAM role ARN, e.g. arn:aws:iam::123456789012:role/RolegateAccess"],
    ["arn:aws:iam::12345678901:role/Short", "12345678901"],
    ["arn:aws:iam::123456789012:user/alice", "user"],
    ["<script>alert(1)</script>", "Must be an IAM role ARN"],
  ] as const) {
    await onboarding.pasteRoleArn(input);
    const field = page.getByRole("textbox", { name: "Role ARN" });
    await expect(field).toHaveValue(input);
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#field-roleArn-error")).toContainText(message);
  }
  await page.goto("/accounts");
  await expect(page.getByText("No account is connected yet.")).toBeVisible();
  await context.close();
});

test("a role that IAM has not propagated yet is retried, saying so, until it is verified", async ({ admin, browser }) => {
  const { context, page, partner, externalId, onboarding } = await newCustomer(admin, browser);
  await addFault({ action: "AssumeRole", kind: "propagation", ms: 6_000 });
  try {
    const accountId = customerAccountId();
    const arn = await createRole({ accountId, roleName: unique("Fresh"), trustPolicy: trustPolicy(partner, externalId) });
    await onboarding.connect(arn);
    await expect(onboarding.check("Assume the role with your External ID")).toContainText("Waiting for AWS to make the new role usable");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`AWS account ${accountId} is connected`, { timeout: 60_000 });
  } finally {
    await clearFaults();
  }
  await context.close();
});

test("the same role cannot be added twice, and the error is on the field", async ({ admin, browser }) => {
  const { context, page, partner, externalId, onboarding } = await newCustomer(admin, browser);
  const arn = await createRole({ accountId: customerAccountId(), roleName: unique("Twice"), trustPolicy: trustPolicy(partner, externalId) });
  await onboarding.pasteRoleArn(arn);
  await expect(page).toHaveURL(/connection=/);
  await onboarding.pasteRoleArn(arn);
  await expect(page.locator("#field-roleArn-error")).toContainText("already connected");
  await context.close();
});

test("verification is rate-limited per user, with a clear message, and nothing is recorded past the limit", async ({ admin, browser }) => {
  const { context, page, partner, externalId, onboarding } = await newCustomer(admin, browser);
  const accountId = customerAccountId();
  await onboarding.connect(await createRole({ accountId, roleName: unique("Busy"), trustPolicy: trustPolicy(partner, externalId) }));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`AWS account ${accountId} is connected`, { timeout: 30_000 });
  await page.goto("/accounts");
  const card = page.getByRole("listitem", { name: `Account ${accountId}` });
  // One verification so far; the per-user limit is 10 in 10 minutes.
  // (A running check disables the button, so each click waits for the previous check to end.)
  for (let i = 2; i <= 10; i++) await card.getByRole("button", { name: "Re-verify" }).click();
  await expect(card.getByText("Access verified")).toBeVisible();
  await card.getByRole("button", { name: "Re-verify" }).click();
  await expect(card.getByRole("alert")).toContainText("You have run many verifications in a short time. Try again in");
  await context.close();
});
