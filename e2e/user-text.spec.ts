import { expectProblem, expectStatus, fieldsOf, partnerApi, type Organization } from "./support/api-client";
import { adminApi } from "./support/api-session";
import { newKey } from "./support/api-keys";
import { expect, organizationSearch, test, unique } from "./fixtures";

// Text that displays other than it reads ("Acme\u202Egnp.exe Corp" shows as "Acme proC exe.png") is
// refused wherever a name or an address comes in, and names that are shown sit in their own
// bidirectional island, so right-to-left names cannot reorder the sentence around them.

const SPOOFED = "Acme\u202Egnp.exe Corp";

test("a name with a direction override is refused by the form and by the API, and nothing is created", async ({ admin }) => {
  const page = admin.page;
  await page.goto("/admin/organizations");
  await page.getByLabel("Organisation name").fill(SPOOFED);
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page.getByText("Remove control and invisible formatting characters from the name.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Organisations" })).toBeVisible();

  const session = await adminApi();
  const api = await partnerApi((await newKey(session, "write", "text")).key);
  await session.dispose();
  const refused = await api.post<Organization>("/organizations", { name: SPOOFED });
  expect(fieldsOf(expectProblem(refused, 400))).toEqual(["name"]);
  const org = await api.post<Organization>("/organizations", { name: unique("Text Check") });
  expectStatus(org, 201);
  expect(fieldsOf(expectProblem(await api.post(`/organizations/${org.body.id}/invites`, { email: "ad\u202Emin@example.com" }), 400))).toEqual(["email"]);
  await api.dispose();

  await page.goto(organizationSearch("gnp.exe"));
  await expect(page.getByText("gnp.exe")).toHaveCount(0);
});

test("a right-to-left organisation name is shown in its own island", async ({ admin }) => {
  const page = admin.page;
  const name = `${unique("x")} אקמה בע״מ`;
  await admin.createOrganization(name);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const isolation = await page.getByRole("heading", { level: 1, name }).locator("bdi").evaluate((el) => getComputedStyle(el).unicodeBidi);
  expect(isolation).toBe("isolate");
  await page.goto(organizationSearch(name));
  await expect(page.locator("bdi", { hasText: name })).toHaveCount(1);
});
