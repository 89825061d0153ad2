import { addOrganizationAccount, createOrganization, createRole, deleteRole, removeOrganizationAccount, sandboxInfo, trustPolicy } from "./support/sandbox";
import { customerSession, expect, test, unique } from "./fixtures";

// The "All accounts in my AWS Organization" path against the sandbox's Organizations and StackSets:
// one management-account stack from the onboarding page's link, whose StackSet gives each member
// account the role; every account registers and verifies on its own, and the customer and the admin
// see them as one deployment.

const OUS = [
  { name: "Apps", accounts: 20 },
  { name: "Prod", parent: "Apps", accounts: 20 },
  { name: "Sandbox", accounts: 10 },
];

test("an AWS Organization of 50 accounts in 3 OUs: one launch, 50 verified as one deployment; joins, an insecure role, removals", async ({ admin, adminPage, browser }) => {
  test.setTimeout(300_000);
  const orgId = await admin.createOrganization(unique("Initech"));
  const link = await admin.invite(`${unique("peter")}@initech.test`);
  const { context, page } = await customerSession(browser, link, "Peter");

  const section = page.getByRole("region", { name: "All accounts in my AWS Organization" });
  const launchLink = section.getByRole("link", { name: "Launch for all accounts" });
  // The registration topics are set up in the background after the server starts.
  await expect(async () => {
    await page.goto("/onboarding");
    await expect(launchLink).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(section.getByRole("note")).toContainText("The management account itself is not covered");
  await expect(section.getByRole("note").getByRole("link", { name: "single-account stack" })).toHaveAttribute("href", "#launch");
  await section.getByText("Review the organisation template, or create it another way").click();
  await expect(section.getByRole("region", { name: "Organisation stack with the AWS CLI" })).toContainText("--capabilities CAPABILITY_NAMED_IAM");
  await expect(section.getByRole("region", { name: "Organisation stack with Terraform" })).toContainText('resource "aws_cloudformation_stack"');

  // The customer's AWS Organization, and the management-account stack created from the link in its console.
  const awsOrg = await createOrganization({ ous: OUS });
  const [aws] = await Promise.all([context.waitForEvent("page"), launchLink.click()]);
  await aws.getByLabel("Customer AWS account ID").fill(awsOrg.managementAccountId);
  await aws.getByLabel(/Root or OU ids/).fill(awsOrg.rootId);
  const started = Date.now();
  await aws.getByRole("button", { name: "Create stack" }).click();
  await expect(aws.getByRole("region", { name: "Stack info" })).toContainText("CREATE_COMPLETE", { timeout: 120_000 });
  console.log(`org-onboarding: 50 accounts launched and registered in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await page.bringToFront();

  const deployment = section.getByRole("article", { name: `Deployment from management account ${awsOrg.managementAccountId}` });
  const counts = (registered: number, verified: number, failing: number, disconnected: number) =>
    `${registered} accounts registered: ${verified} verified, ${failing} failing, 0 pending, ${disconnected} disconnected`;
  await page.reload();
  await expect(deployment).toContainText(counts(50, 50, 0, 0));
  await expect(section.getByRole("article")).toHaveCount(1);

  // An account added to an OU later is onboarded by automatic deployment.
  const sandboxOu = awsOrg.ous.find((ou) => ou.name === "Sandbox")!;
  const grown = await addOrganizationAccount(awsOrg.id, sandboxOu.id);
  const joined = grown.ous.find((ou) => ou.id === sandboxOu.id)!.accounts.find((a) => !sandboxOu.accounts.includes(a))!;
  await expect(async () => {
    await page.reload();
    await expect(deployment).toContainText(counts(51, 51, 0, 0), { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });

  // One account's role is made open to anyone of the partner's (no External ID): the admin re-verifies the
  // deployment as one bulk job, and that account alone is insecure, with the reason.
  const insecure = awsOrg.ous[0]!.accounts[0]!;
  const roleArn = `arn:aws:iam::${insecure}:role/RolegateAccess`;
  await deleteRole(roleArn);
  await createRole({ accountId: insecure, roleName: "RolegateAccess", trustPolicy: trustPolicy((await sandboxInfo()).partner.accountId) });
  await adminPage.goto(`/admin/organizations/${orgId}`);
  const adminDeployment = adminPage.getByRole("article", { name: `Deployment from management account ${awsOrg.managementAccountId}` });
  await expect(adminDeployment).toContainText(counts(51, 51, 0, 0));
  await adminDeployment.getByRole("button", { name: "Re-verify all" }).click();
  await expect(adminPage).toHaveURL(/\/admin\/jobs\//);
  await expect(adminPage.getByRole("status").filter({ hasText: / verified, \d+ failed of \d+$/ })).toHaveText("50 verified, 1 failed of 51", { timeout: 120_000 });
  await adminPage.goto(`/admin/organizations/${orgId}`);
  await expect(adminDeployment).toContainText(counts(51, 50, 1, 0));
  const failure = adminDeployment.getByRole("row").filter({ hasText: insecure });
  await expect(failure).toContainText("insecure");
  await expect(failure).toContainText(/External ID/);
  await expect(adminDeployment.getByRole("row")).toHaveCount(2);
  await page.reload();
  await expect(deployment).toContainText(counts(51, 50, 1, 0));
  await expect(deployment.getByRole("row").filter({ hasText: insecure })).toContainText("insecure");

  // An account that leaves the organisation loses its stack instance and is disconnected.
  await removeOrganizationAccount(awsOrg.id, joined);
  await expect(async () => {
    await page.reload();
    await expect(deployment).toContainText(counts(51, 49, 1, 1), { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });

  // Deleting the management stack deletes every stack instance: every account is disconnected.
  await aws.bringToFront();
  await aws.getByRole("button", { name: "Delete stack" }).click();
  await expect(aws.getByRole("region", { name: "Stack info" })).toContainText("DELETE_COMPLETE", { timeout: 120_000 });
  await page.bringToFront();
  await expect(async () => {
    await page.reload();
    await expect(deployment).toContainText(counts(51, 0, 0, 51), { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await context.close();
});
