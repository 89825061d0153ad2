import { customerSession, expect, test, unique } from "./fixtures";
import { ConnectionsPages, RotationPages } from "./pages/admin-connections";
import { OnboardingPages } from "./pages/customer";
import { createRole, customerAccountId, deleteRole, sandboxInfo, trustPolicy } from "./support/sandbox";

test("an admin rotates an External ID; the customer updates its stack and switches, the old ID working until then", async ({ admin, browser }) => {
  test.setTimeout(120_000);
  const organizationId = await admin.createOrganization(unique("Rotor"));
  const { context, page, customer } = await customerSession(browser, await admin.invite(`${unique("r")}@rotor.test`));
  const oldId = await customer.externalId();
  const partner = (await sandboxInfo()).partner.accountId;
  const accountId = customerAccountId();
  const roleName = unique("Rot");
  const arn = await createRole({ accountId, roleName, trustPolicy: trustPolicy(partner, oldId) });
  await new OnboardingPages(page).connect(arn);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`AWS account ${accountId} is connected`, { timeout: 30_000 });

  // The admin rotates: the organisation gets a new ID, and the connection is listed as still on the old one.
  const rotation = new RotationPages(admin.page);
  await rotation.rotate(organizationId);
  await expect(admin.page.getByRole("status").filter({ hasText: "New External ID issued" })).toBeVisible();
  const newId = await admin.page.getByRole("textbox", { name: "External ID" }).inputValue();
  expect(newId).not.toBe(oldId);
  await expect(rotation.oldIdConnections().getByRole("listitem")).toHaveCount(1);
  await expect(rotation.oldIdConnections()).toContainText(accountId);
  await expect(admin.page.getByRole("row").filter({ hasText: oldId })).toContainText("retired");

  // The stack still has the old ID, and verifying with it still works.
  const list = new ConnectionsPages(admin.page);
  await list.open({ q: accountId });
  await expect(list.row(accountId)).toContainText("old External ID");
  await expect(await list.reverify(accountId)).toContainText("Verified");

  // New stacks get the new ID; the customer is told to update this one, on Accounts and on the wizard.
  expect(await customer.externalId()).toBe(newId);
  await expect(page.getByRole("region", { name: `New External ID for account ${accountId}` })).toBeVisible();
  await page.goto("/accounts");
  const notice = page.getByRole("region", { name: `New External ID for account ${accountId}` });
  await expect(notice.locator("code")).toHaveText(newId);
  await expect(notice.locator("pre")).toContainText("aws cloudformation update-stack");
  await expect(notice.locator("pre")).toContainText("--use-previous-template");
  await expect(notice.locator("pre")).toContainText(`"ParameterValue":"${newId}"`);
  await expect(notice.getByRole("link", { name: /stack in the CloudFormation console/ })).toHaveAttribute("href", /#\/stacks\?filteringText=RolegateAccess/);

  // "Updating the stack" in the sandbox: the role now trusts only the new ID. Then the customer confirms.
  await deleteRole(arn);
  await createRole({ accountId, roleName, trustPolicy: trustPolicy(partner, newId) });
  await notice.getByRole("button", { name: `I've updated the stack for account ${accountId}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `Account ${accountId} now uses your new External ID.` })).toBeVisible({ timeout: 60_000 });
  await page.reload();
  await expect(page.getByRole("region", { name: `New External ID for account ${accountId}` })).toHaveCount(0);
  await expect(page.getByRole("listitem", { name: `Account ${accountId}` })).toContainText("verified");

  await admin.page.goto(`/admin/organizations/${organizationId}`);
  await expect(admin.page.getByText("None: every connection uses the current External ID.")).toBeVisible();
  await context.close();
});
