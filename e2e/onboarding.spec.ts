import type { Browser } from "@playwright/test";
import { customerSession, expect, test, unique, type AdminPages } from "./fixtures";
import { OnboardingPages } from "./pages/customer";
import { ConnectionsPages } from "./pages/admin-connections";
import { accessibilityViolations } from "./support/axe";
import { csvRecords } from "./support/tenant-state";
import { addFault, clearFaults, createRole, customerAccountId, deleteRole, sandboxInfo, setRolePolicies, trustPolicy } from "./support/sandbox";

/** A new organisation with one signed-in member, and what the member needs to build roles. */
async function newCustomer(admin: AdminPages, browser: Browser) {
  const organizationId = await admin.createOrganization(unique("Org"));
  const link = await admin.invite(`${unique("m")}@customer.test`);
  const session = await customerSession(browser, link);
  const externalId = await session.customer.externalId();
  const partner = (await sandboxInfo()).partner.accountId;
  return { ...session, organizationId, externalId, partner, onboarding: new OnboardingPages(session.page) };
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

test("a role without its access policy fails with missing permissions, naming the API, and passes once it is back", async ({ admin, browser }) => {
  const { context, page, partner, externalId, onboarding } = await newCustomer(admin, browser);
  const arn = await createRole({ accountId: customerAccountId(), roleName: unique("NoAccess"), trustPolicy: trustPolicy(partner, externalId), managedPolicyArns: [] });
  await onboarding.connect(arn);
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText("Missing permissions: s3:ListBuckets was denied", { timeout: 15_000 });
  await expect(alert).toContainText("update the stack");
  await expect(onboarding.check("Assume the role with your External ID")).toContainText("Passed");
  await expect(onboarding.check("The role grants the access the partner needs")).toContainText("s3:ListBuckets was denied");
  await expect(onboarding.check("The role grants the access the partner needs")).toContainText("Failed");

  await setRolePolicies(arn, { managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"] });
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^AWS account \d{12} is connected$/, { timeout: 30_000 });
  await context.close();
});

test("a stack created with an edited External ID fails at once, with the External ID named as a cause", async ({ admin, browser }) => {
  // No stack was launched from this page: a denial is not waited on for IAM propagation.
  const { context, page, partner, externalId, onboarding } = await newCustomer(admin, browser);
  const arn = await createRole({ accountId: customerAccountId(), roleName: unique("Edited"), trustPolicy: trustPolicy(partner, `${externalId}-edited`) });
  await onboarding.connect(arn);
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText("External ID", { timeout: 15_000 });
  await expect(onboarding.check("Assume the role with your External ID")).toContainText("Failed");
  await expect(page.getByRole("button", { name: "Connect", exact: true })).toBeEnabled();
  await expect(page.getByRole("button", { name: "Keep waiting" })).toBeEnabled();
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

test("a role that IAM has not propagated yet: Keep waiting retries with a countdown until it is verified", async ({ admin, browser }) => {
  const { context, page, partner, externalId, onboarding } = await newCustomer(admin, browser);
  test.setTimeout(120_000);
  // Long enough that the role is still "new" when Keep waiting is clicked.
  await addFault({ action: "AssumeRole", kind: "propagation", ms: 20_000 });
  try {
    const accountId = customerAccountId();
    const arn = await createRole({ accountId, roleName: unique("Fresh"), trustPolicy: trustPolicy(partner, externalId) });
    await onboarding.connect(arn);
    // Not launched from this page: the denial is the answer at once, with the offer to wait.
    await expect(page.getByRole("main").getByRole("alert")).toContainText("AWS refused Rolegate access to the role", { timeout: 15_000 });
    await page.getByRole("button", { name: "Keep waiting" }).click();
    const countdown = page.getByRole("status").filter({ hasText: "Waiting for AWS to make the new role usable" });
    await expect(countdown).toContainText(/we keep trying for \d+ s more/);
    await expect(countdown.getByRole("button", { name: "Change ARN" })).toBeVisible();
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
  await expect(page.getByRole("heading", { level: 1 })).toContainText("is connected", { timeout: 30_000 });
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

test("a mistyped ARN is answered within 15 s, corrected in place, and leaves no failed connection behind", async ({ admin, adminPage, browser }) => {
  const { context, page, partner, externalId, organizationId, onboarding } = await newCustomer(admin, browser);
  const accountId = customerAccountId();
  const roleName = unique("Typo");
  const arn = await createRole({ accountId, roleName, trustPolicy: trustPolicy(partner, externalId) });
  const typo = arn.replace(roleName, `${roleName}x`);

  const started = Date.now();
  await onboarding.connect(typo);
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText("AWS refused Rolegate access to the role", { timeout: 15_000 });
  // The likely cause comes first, and the result has the focus.
  await expect(alert.getByRole("listitem").first()).toContainText("another role or another account");
  expect(await page.evaluate(() => document.activeElement?.textContent ?? "")).toContain("AWS refused Rolegate access to the role");
  expect(await accessibilityViolations(page)).toEqual([]);
  // Still on the same page, the ARN as typed: fixed in place.
  await expect(onboarding.field()).toHaveValue(typo);
  await onboarding.correct(arn);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`AWS account ${accountId} is connected`, { timeout: 15_000 });
  expect(Date.now() - started).toBeLessThan(15_000);
  await expect(page.getByRole("heading", { level: 1 })).toBeInViewport();

  // The customer: one verified account, nothing failed. The admin: the same, in the list, the export and the organisation's page.
  await page.goto("/accounts");
  await expect(page.getByRole("listitem", { name: /^Account / })).toHaveCount(1);
  await expect(page.getByRole("listitem", { name: `Account ${accountId}` })).toContainText("verified");
  const list = new ConnectionsPages(adminPage);
  await list.open({ org: organizationId });
  await expect(list.rows()).toHaveCount(1);
  await expect(list.row(accountId)).toContainText("verified");
  await list.open({ org: organizationId, status: "failed" });
  await expect(list.rows()).toHaveCount(0);
  const csv = csvRecords(await (await adminPage.request.get(`/admin/connections/export?org=${organizationId}`)).text());
  expect(csv.slice(1).map((row) => [row[3], row[5]])).toEqual([[arn, "verified"]]);
  await adminPage.goto(`/admin/organizations/${organizationId}`);
  await expect(adminPage.getByRole("region", { name: "Not finished" })).toContainText("No account is half-connected");
  await context.close();
});

test("an unfinished typo is listed for the admin as not finished, and for the customer apart from its accounts", async ({ admin, adminPage, browser }) => {
  const { context, page, organizationId, onboarding } = await newCustomer(admin, browser);
  const accountId = customerAccountId();
  await onboarding.connect(`arn:aws:iam::${accountId}:role/NoSuchRole`);
  await expect(page.getByRole("main").getByRole("alert")).toBeVisible({ timeout: 15_000 });
  await page.goto("/accounts");
  await expect(page.getByRole("listitem", { name: /^Account / })).toHaveCount(0);
  await expect(page.getByRole("link", { name: `Finish connecting account ${accountId}` })).toBeVisible();
  await adminPage.goto(`/admin/organizations/${organizationId}`);
  await expect(adminPage.getByRole("region", { name: "Not finished" })).toContainText(`Account ${accountId}`);
  await new ConnectionsPages(adminPage).open({ org: organizationId });
  await expect(new ConnectionsPages(adminPage).rows()).toHaveCount(0);
  await context.close();
});

test("after a launch, a wrong ARN waits with a countdown, and Change ARN corrects it without waiting it out", async ({ admin, browser }) => {
  const { context, page, partner, externalId, onboarding } = await newCustomer(admin, browser);
  const accountId = customerAccountId();
  const arn = await createRole({ accountId, roleName: unique("Launched"), trustPolicy: trustPolicy(partner, externalId) });
  await page.goto("/onboarding");
  const [console] = await Promise.all([context.waitForEvent("page"), page.getByRole("link", { name: "Launch stack" }).click()]);
  await console.close();
  await onboarding.field().fill(`arn:aws:iam::${accountId}:role/NotYetThere`);
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  const countdown = page.getByRole("status").filter({ hasText: "Waiting for AWS to make the new role usable" });
  await expect(countdown).toContainText(/we keep trying for \d+ s more/, { timeout: 15_000 });
  const first = Number(/(\d+) s more/.exec((await countdown.textContent()) ?? "")?.[1]);
  await expect.poll(async () => Number(/(\d+) s more/.exec((await countdown.textContent()) ?? "")?.[1]), { timeout: 5_000 }).toBeLessThan(first);
  expect(await accessibilityViolations(page)).toEqual([]);
  await countdown.getByRole("button", { name: "Change ARN" }).click();
  await expect(onboarding.field()).toBeFocused();
  await expect(onboarding.field()).toBeEditable();
  await onboarding.correct(arn);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`AWS account ${accountId} is connected`, { timeout: 15_000 });
  await context.close();
});

test("on a phone, the result is scrolled into view and focused", async ({ admin, browser }) => {
  const { context, page, onboarding } = await newCustomer(admin, browser);
  await page.setViewportSize({ width: 390, height: 844 });
  await onboarding.connect(`arn:aws:iam::${customerAccountId()}:role/Mistyped`);
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toBeVisible({ timeout: 15_000 });
  await expect(alert).toBeInViewport();
  expect(await page.evaluate(() => document.activeElement?.textContent ?? "")).toContain("AWS refused Rolegate access to the role");
  await context.close();
});

test("a customer whose accounts are all verified starts on Accounts, and can still connect another", async ({ admin, browser }) => {
  const { context, page, partner, externalId, onboarding } = await newCustomer(admin, browser);
  await page.goto("/");
  await expect(page).toHaveURL(/\/onboarding$/);
  const accountId = customerAccountId();
  await onboarding.connect(await createRole({ accountId, roleName: unique("Home"), trustPolicy: trustPolicy(partner, externalId) }));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`AWS account ${accountId} is connected`, { timeout: 15_000 });
  await page.goto("/");
  await expect(page).toHaveURL(/\/accounts$/);
  await page.getByRole("link", { name: "Connect another account" }).click();
  await expect(page).toHaveURL(/\/onboarding#launch$/);
  await expect(onboarding.field()).toHaveValue("");
  await context.close();
});
