import { customerSession, expect, test, unique } from "./fixtures";

test("a customer connects an AWS account end to end: invite, External ID, launch stack, paste ARN, verify", async ({ admin, browser }) => {
  await admin.createOrganization(unique("Initech"));
  const link = await admin.invite(`${unique("peter")}@customer.test`);
  const { context, page, customer } = await customerSession(browser, link, "Peter");
  const externalId = await customer.externalId();

  // Step 2: the Launch stack link opens the (sandbox) CloudFormation quick-create page in a new tab.
  const [console] = await Promise.all([context.waitForEvent("page"), page.getByRole("link", { name: "Launch stack" }).click()]);
  await expect(console.getByLabel("External ID")).toHaveValue(externalId);
  const accountId = await console.getByLabel("Customer AWS account ID").inputValue();
  expect(accountId).toMatch(/^\d{12}$/);
  await console.getByRole("checkbox", { name: /I acknowledge/ }).check();
  await console.getByRole("button", { name: "Create stack" }).click();
  await expect(console.getByRole("region", { name: "Stack info" })).toContainText("CREATE_COMPLETE");
  const outputs = console.getByRole("table", { name: /Outputs/ });
  await outputs.getByRole("button", { name: "Copy RoleArn" }).click();
  const roleArn = await console.evaluate(() => navigator.clipboard.readText());
  expect(roleArn).toMatch(new RegExp(`^arn:aws:iam::${accountId}:role/`));
  await console.close();

  // Step 3: paste the ARN; the account is said back before the check.
  await page.bringToFront();
  await page.getByRole("textbox", { name: "Role ARN" }).fill(roleArn);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText(`Account ${accountId} will be connected`)).toBeVisible();

  // Step 4: every check shows its state, then the success screen.
  // The sandbox answers in milliseconds: record the button's states rather than racing to see them.
  await page.evaluate(() => {
    const seen: string[] = ((window as unknown as { buttonStates: string[] }).buttonStates = []);
    new MutationObserver(() => {
      for (const b of document.querySelectorAll("button")) if (b.textContent === "Verifying…") seen.push(b.disabled ? "disabled" : "enabled");
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await page.getByRole("button", { name: "Verify access" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`AWS account ${accountId} is connected`, { timeout: 30_000 });
  expect(await page.evaluate(() => (window as unknown as { buttonStates: string[] }).buttonStates)).toContain("disabled");

  // Step 5: the account is listed as verified, with a last-verified time.
  await page.getByRole("link", { name: "View accounts" }).click();
  const card = page.getByRole("listitem", { name: `Account ${accountId}` });
  await expect(card).toContainText("verified");
  await expect(card).not.toContainText("Last verifiednever");
  await expect(card).toContainText(roleArn);

  // Removing it asks first, then takes it off the list.
  await card.getByRole("button", { name: `Remove account ${accountId}` }).click();
  await card.getByRole("button", { name: "Yes, remove" }).click();
  await expect(page.getByRole("listitem", { name: `Account ${accountId}` })).toHaveCount(0);
  await context.close();
});
