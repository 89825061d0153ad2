import { Webhook } from "standardwebhooks";
import { e2e, expect, test, unique } from "./fixtures";
import { WebhookPages } from "./pages/webhooks";
import { payloadOf, startReceiver, type Receiver } from "./support/webhook-receiver";

// Webhook endpoints as a partner admin handles them: added in the dashboard (here pointing at a
// receiver on loopback, which the e2e server allows), deliveries followed on the endpoint's page,
// a failed one sent again, and endpoints deleted after a confirmation.

let receiver: Receiver | undefined;
test.afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

test("an admin adds an endpoint, gets signed deliveries, and sends a failed one again", async ({ admin, adminPage }) => {
  test.setTimeout(120_000);
  let answer = 200;
  receiver = await startReceiver(() => answer);
  const hooks = new WebhookPages(adminPage);
  const description = unique("Billing sync");
  const secret = await hooks.create({ url: receiver.url, description, events: ["organization.created"] });
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  await expect(adminPage.getByText("This is the only time the secret is shown")).toBeVisible();
  const row = hooks.row(receiver.url);
  await expect(row).toContainText(description);
  await expect(row).toContainText("organization.created");
  await expect(row).toContainText("Enabled");

  // An event it asked for: the delivery arrives, signed with the secret that was shown.
  const organizationId = await admin.createOrganization(unique("Hooked"));
  const first = await receiver.waitFor((r) => payloadOf(r).data.id === organizationId);
  expect(payloadOf(first).type).toBe("organization.created");
  expect(new Webhook(secret).verify(first.body, first.headers)).toMatchObject({ type: "organization.created", data: { id: organizationId } });
  const firstEvent = first.headers["webhook-id"]!;

  await hooks.openEndpoint(receiver.url);
  await expect(adminPage.getByText(description)).toBeVisible();
  const delivered = await hooks.delivery(firstEvent);
  await expect(hooks.cell(delivered, "Status")).toHaveText("succeeded");
  await expect(hooks.cell(delivered, "Attempts")).toHaveText("1");
  await expect(hooks.cell(delivered, "Last response")).toHaveText("HTTP 200");

  // The receiver goes down: the next delivery fails, is retried once by itself (after ~5 s), fails again.
  answer = 503;
  const secondOrganization = await admin.createOrganization(unique("Missed"));
  const failed = await receiver.waitFor((r) => payloadOf(r).data.id === secondOrganization);
  const secondEvent = failed.headers["webhook-id"]!;
  await expect.poll(() => receiver!.received.filter((r) => r.headers["webhook-id"] === secondEvent).length, { timeout: 20_000 }).toBe(2);
  // (The second outcome is written a moment after the receiver answered.)
  await expect(async () => {
    await hooks.openEndpoint(receiver!.url);
    await expect(hooks.cell(await hooks.delivery(secondEvent), "Attempts")).toHaveText("2", { timeout: 1_000 });
  }).toPass();
  const pending = await hooks.delivery(secondEvent);
  await expect(hooks.cell(pending, "Status")).toHaveText("pending");
  await expect(hooks.cell(pending, "Last response")).toHaveText("HTTP 503");
  await expect(hooks.cell(pending, "Next retry")).toHaveText(/UTC$/);

  // Back up: "Send again" delivers it now (the next automatic retry is a minute away), same webhook-id.
  answer = 200;
  const sentAt = Date.now();
  await pending.getByRole("button", { name: /^Send again/ }).click();
  await expect(pending.getByText("Sending again now")).toBeVisible();
  const resent = await receiver.waitFor((r) => r.headers["webhook-id"] === secondEvent && r.status === 200, 20_000);
  expect(resent.at - sentAt).toBeLessThan(20_000);
  expect(new Webhook(secret).verify(resent.body, resent.headers)).toMatchObject({ data: { id: secondOrganization } });
  // The page follows by itself while a delivery is due.
  await expect(hooks.cell(pending, "Status")).toHaveText("succeeded", { timeout: 15_000 });
  await expect(hooks.cell(pending, "Attempts")).toHaveText("3");
  await expect(hooks.cell(pending, "Last response")).toHaveText("HTTP 200");
  expect(receiver.received.filter((r) => r.headers["webhook-id"] === firstEvent)).toHaveLength(1);

  await hooks.open();
  const confirm = await hooks.askToDelete(receiver.url);
  await confirm.getByRole("button", { name: "Yes, delete" }).click();
  await expect(adminPage.getByRole("status").filter({ hasText: "Endpoint deleted" })).toBeVisible();
});

test("malformed and ftp:// URLs are refused on the field, and the form keeps what was typed", async ({ adminPage }) => {
  const hooks = new WebhookPages(adminPage);
  await hooks.open();
  const form = hooks.form();
  const url = form.getByRole("textbox", { name: "Endpoint URL" });
  const description = unique("Kept");
  for (const [typed, message] of [
    ["not a url", "Enter an absolute URL, such as https://example.com/webhooks."],
    ["ftp://files.example.com/hooks", "Use an https:// or http:// URL."],
  ] as const) {
    await hooks.fill({ url: typed, description, events: ["connection.verified", "connection.failed"] });
    await hooks.submit();
    await expect(url).toHaveAttribute("aria-invalid", "true");
    await expect(url).toHaveAccessibleDescription(new RegExp(message.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")));
    await expect(form.getByRole("alert")).toHaveText("Check the highlighted fields.");
    await expect(url).toHaveValue(typed);
    await expect(form.getByRole("textbox", { name: "Description (optional)" })).toHaveValue(description);
    await expect(form.getByRole("checkbox", { name: /^connection\.verified\b/ })).toBeChecked();
    await expect(form.getByRole("checkbox", { name: /^connection\.failed\b/ })).toBeChecked();
    await expect(form.getByRole("checkbox", { name: /^All events/ })).not.toBeChecked();
  }
  // No event type chosen: said on the choice.
  await form.getByRole("checkbox", { name: /^connection\.verified\b/ }).uncheck();
  await form.getByRole("checkbox", { name: /^connection\.failed\b/ }).uncheck();
  await url.fill("https://hooks.example.com/rolegate");
  await hooks.submit();
  await expect(form.getByRole("group", { name: "Events to send" })).toHaveAccessibleDescription("Choose at least one event type.");
  await expect(hooks.table().getByText(description)).toHaveCount(0);
  await expect(adminPage.getByRole("textbox", { name: "Signing secret" })).toHaveCount(0);
});

test("deleting an endpoint asks first; the secret is never shown again", async ({ adminPage }) => {
  receiver = await startReceiver();
  const hooks = new WebhookPages(adminPage);
  await adminPage.goto("/admin");
  await adminPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks" }).click();
  await expect(adminPage.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
  const secret = await hooks.create({ url: receiver.url });
  await expect(hooks.row(receiver.url)).toContainText("All events");

  await adminPage.reload();
  expect(await adminPage.content()).not.toContain(secret);
  const confirm = await hooks.askToDelete(receiver.url);
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(hooks.row(receiver.url)).toHaveCount(1);

  const page = await hooks.row(receiver.url).getByRole("link", { name: receiver.url }).getAttribute("href");
  expect(page).toMatch(/^\/admin\/webhooks\/[0-9a-f-]{36}$/);
  await (await hooks.askToDelete(receiver.url)).getByRole("button", { name: "Yes, delete" }).click();
  await expect(adminPage.getByRole("status").filter({ hasText: "Endpoint deleted" })).toBeVisible();
  await expect(hooks.row(receiver.url)).toHaveCount(0);
  expect((await adminPage.request.get(`${e2e.baseURL}${page}`)).status()).toBe(404);
});
