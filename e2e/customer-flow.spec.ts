import { customerSession, expect, test, unique } from "./fixtures";

test("on the manual path (a region where stacks do not register themselves) a customer connects in at most 8 actions and one paste", async ({ admin, browser }) => {
  await admin.createOrganization(unique("Initech"));
  const link = await admin.invite(`${unique("peter")}@customer.test`);
  const { context, page, customer } = await customerSession(browser, link, "Peter");
  const externalId = await customer.externalId();
  // The e2e server registers stacks in us-east-1 and eu-west-1 only (REGISTRATION_REGIONS).
  await page.goto("/onboarding?region=ap-southeast-2");
  await expect(page.getByText("In ap-southeast-2 the stack cannot connect the account by itself yet, so one paste is needed.")).toBeVisible();

  // From here to the verified card, every click, field, paste and tab switch is counted: at most 8 (one paste).
  const actions = { clicks: 0, fields: 0, pastes: 0, tabSwitches: 0 };

  // Step 2: the Launch stack link opens the (sandbox) CloudFormation quick-create page in a new tab.
  const [aws] = await Promise.all([context.waitForEvent("page"), page.getByRole("link", { name: "Launch stack" }).click()]);
  actions.clicks++;
  await expect(aws.getByLabel("External ID")).toHaveValue(externalId);
  const accountId = await aws.getByLabel("Customer AWS account ID").inputValue();
  expect(accountId).toMatch(/^\d{12}$/);
  await aws.getByRole("checkbox", { name: /I acknowledge/ }).check();
  actions.clicks++;
  await aws.getByRole("button", { name: "Create stack" }).click();
  actions.clicks++;
  await expect(aws.getByRole("region", { name: "Stack info" })).toContainText("CREATE_COMPLETE");
  const outputs = aws.getByRole("table", { name: /Outputs/ });
  await outputs.getByRole("button", { name: "Copy RoleArn" }).click();
  actions.clicks++;
  const roleArn = await aws.evaluate(() => navigator.clipboard.readText());
  expect(roleArn).toMatch(new RegExp(`^arn:aws:iam::${accountId}:role/`));

  // Step 3: back in Rolegate, paste the ARN (the account is said back before the check) and Connect.
  await page.bringToFront();
  actions.tabSwitches++;
  const field = page.getByRole("textbox", { name: "Role ARN" });
  if (!(await field.evaluate((el) => el === document.activeElement))) {
    await field.click();
    actions.clicks++;
  }
  await field.fill(roleArn);
  actions.pastes++;
  await expect(page.getByText(`Account ${accountId} will be connected`)).toBeVisible();
  // The sandbox answers in milliseconds: record the button's states rather than racing to see them.
  await page.evaluate(() => {
    const seen: string[] = ((window as unknown as { buttonStates: string[] }).buttonStates = []);
    new MutationObserver(() => {
      for (const b of document.querySelectorAll("button")) if (b.textContent === "Verifying…" || b.textContent === "Connecting…") seen.push(b.disabled ? "disabled" : "enabled");
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  actions.clicks++;

  // Every check shows its state, then the success screen, with the focus on it.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`AWS account ${accountId} is connected`, { timeout: 30_000 });
  expect(await page.evaluate(() => (window as unknown as { buttonStates: string[] }).buttonStates)).toContain("disabled");
  expect(await page.evaluate(() => document.activeElement?.textContent ?? "")).toContain(`AWS account ${accountId} is connected`);
  const total = actions.clicks + actions.fields + actions.pastes + actions.tabSwitches;
  console.log(`manual path: ${total} actions (${JSON.stringify(actions)})`);
  expect(actions.pastes).toBe(1);
  expect(total).toBeLessThanOrEqual(8);
  await aws.close();

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
