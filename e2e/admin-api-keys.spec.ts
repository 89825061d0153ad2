import { request, type APIRequestContext } from "@playwright/test";
import { OPERATIONS } from "../lib/api/operations";
import { EVENT_TYPES } from "../lib/events/types";
import { e2e, expect, organizationSearch, test, unique } from "./fixtures";
import { ApiKeyPages } from "./pages/api-keys";

// API keys as a partner admin handles them: made in the dashboard, shown once, used by the
// partner's backend (here: Playwright's request context, with no cookies), revoked after a
// confirmation, and refused from the next request on.

const KEY = /^rgk_[A-Za-z0-9_-]{43}$/;
const clients: APIRequestContext[] = [];

/** The partner's backend holding this key. */
async function backend(key: string): Promise<APIRequestContext> {
  const client = await request.newContext({ baseURL: e2e.baseURL, extraHTTPHeaders: { authorization: `Bearer ${key}` } });
  clients.push(client);
  return client;
}

test.afterAll(async () => Promise.all(clients.map((c) => c.dispose())));

test("an admin creates a key, copies it once, uses it, sees it used, and revokes it after confirming", async ({ adminPage }) => {
  const keys = new ApiKeyPages(adminPage);
  const name = unique("Billing backend");
  const key = await keys.create(name, "write");
  expect(key).toMatch(KEY);
  await expect(keys.shownKey()).toHaveValue(key);
  await expect(adminPage.getByText("This is the only time the key is shown")).toBeVisible();
  await expect(keys.row(name)).toContainText(`${key.slice(0, 12)}…`);
  await expect(keys.row(name)).toContainText("write");
  expect(await keys.facts(name)).toEqual({ lastUsed: "never", state: "Active" });

  // The partner's backend uses it: a read, and a write.
  const api = await backend(key);
  const list = await api.get("/api/v1/organizations");
  expect(list.status()).toBe(200);
  expect((await list.json()) as unknown).toMatchObject({ data: expect.any(Array) });
  const created = await api.post("/api/v1/organizations", { data: { name: unique("Made with a key") } });
  expect(created.status()).toBe(201);

  // Shown once: after a reload the page has the prefix only, and says when the key was last used.
  await adminPage.reload();
  expect(await adminPage.content()).not.toContain(key);
  await expect(keys.shownKey()).toHaveCount(0);
  const used = await keys.facts(name);
  expect(used.lastUsed).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC$/);

  // Revoking asks first; cancelling changes nothing.
  const confirm = await keys.askToRevoke(name);
  await expect(confirm).toContainText(`Revoke ${name}?`);
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toHaveCount(0);
  expect((await keys.facts(name)).state).toBe("Active");
  expect((await api.get("/api/v1/organizations")).status()).toBe(200);

  await keys.revoke(name);
  await expect(keys.row(name)).toContainText("Revoked");
  await expect(keys.row(name).getByRole("button", { name: `Revoke key ${name}` })).toHaveCount(0);
  const refused = await api.get("/api/v1/organizations");
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-type"]).toMatch(/^application\/problem\+json/);
  expect(((await refused.json()) as { type: string }).type).toBe("urn:rolegate:problem:unauthorized");
});

test("a read key reads but cannot write", async ({ adminPage }) => {
  const keys = new ApiKeyPages(adminPage);
  const name = unique("Reporting");
  const key = await keys.create(name, "read");
  await expect(keys.row(name)).toContainText("read");
  const api = await backend(key);
  expect((await api.get("/api/v1/connections")).status()).toBe(200);
  const orgName = unique("Not made with a read key");
  const refused = await api.post("/api/v1/organizations", { data: { name: orgName } });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { type: string }).type).toBe("urn:rolegate:problem:forbidden");
  await adminPage.goto(organizationSearch(orgName));
  await expect(adminPage.getByRole("link", { name: orgName })).toHaveCount(0);
  await keys.open();
  await keys.revoke(name);
});

test("a key needs a name; the form says so and keeps the chosen scope", async ({ adminPage }) => {
  const keys = new ApiKeyPages(adminPage);
  await keys.open();
  await keys.form().getByRole("radio", { name: /^Read\b/ }).check();
  await keys.form().getByRole("button", { name: "Create API key" }).click();
  const field = keys.form().getByRole("textbox", { name: "Name" });
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(/Enter a name for the key\./);
  await expect(keys.form().getByRole("radio", { name: /^Read\b/ })).toBeChecked();
  await expect(keys.shownKey()).toHaveCount(0);
});

test("the how-to and the navigation lead to the API reference, which lists every operation and event type", async ({ adminPage }) => {
  await adminPage.goto("/admin");
  await adminPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API keys" }).click();
  await expect(adminPage.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  const howTo = adminPage.getByRole("region", { name: "How to use" });
  await expect(howTo).toContainText(`curl -H "Authorization: Bearer rgk_…" ${e2e.baseURL}/api/v1/connections`);
  await expect(howTo.getByRole("link", { name: "OpenAPI document (JSON)" })).toHaveAttribute("href", "/api/v1/openapi.json");
  await howTo.getByRole("link", { name: "API reference" }).click();

  await expect(adminPage.getByRole("heading", { level: 1 })).toHaveText("Rolegate partner API reference");
  for (const op of OPERATIONS) {
    const section = adminPage.getByRole("region", { name: `${op.method} /api/v1${op.path}`, exact: true });
    await expect(section, `${op.method} ${op.path}`).toHaveCount(1);
    await expect(section).toContainText(op.summary);
    await expect(section).toContainText(op.scope === null ? "None: no key needed." : op.scope === "read" ? "A read or write key." : "A write key.");
  }
  const getConnection = adminPage.getByRole("region", { name: "GET /api/v1/connections/{id}", exact: true });
  await expect(getConnection.getByRole("table", { name: "Parameters of GET /api/v1/connections/{id}" }).getByRole("rowheader", { name: "id" })).toBeVisible();
  const answer = getConnection.getByRole("table", { name: /^Response 200 \(Connection\)/ });
  for (const field of ["externalId", "status", "lastFailure.code"]) await expect(answer.getByRole("rowheader", { name: field, exact: true })).toBeVisible();
  await expect(getConnection.getByRole("table", { name: /^Problems/ }).getByRole("row", { name: /^404 / })).toContainText("urn:rolegate:problem:not-found");

  const events = adminPage.getByRole("table", { name: "Event types" });
  for (const type of EVENT_TYPES) await expect(events.getByRole("rowheader", { name: type, exact: true })).toBeVisible();
  await expect(adminPage.getByRole("region", { name: "Verifying webhook signatures" })).toContainText('import { Webhook } from "standardwebhooks"');
});
