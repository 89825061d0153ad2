import { expect, test, unique } from "./fixtures";
import { partnerApi } from "./support/api-client";
import { newKey } from "./support/api-keys";

type Launch = { quickCreateUrl: string; parameters: { ExternalId: string; RegistrationToken?: string } };

test("an admin revokes an organisation's registration link: the launch link changes, and the page says when it was issued", async ({ admin, adminPage }) => {
  const organizationId = await admin.createOrganization(unique("Linked"));
  const section = adminPage.getByRole("region", { name: "Registration link" });
  await expect(section).toContainText("not yet");

  const api = await partnerApi((await newKey(adminPage.request, "read", "launch")).key);
  const first = (await api.get<Launch>(`/organizations/${organizationId}/launch?region=us-east-1`)).body;
  expect(first.parameters.RegistrationToken).toMatch(/^rgr_[\w-]{43}$/);
  expect(new URLSearchParams(new URL(first.quickCreateUrl).hash.split("?")[1]).get("param_RegistrationToken")).toBe(first.parameters.RegistrationToken);

  await adminPage.reload();
  await expect(section.locator("time")).toBeVisible();
  await section.getByRole("button", { name: "Revoke and issue a new one" }).click();
  const confirm = adminPage.getByRole("form", { name: "Confirm revoking the registration link" });
  await expect(confirm).toContainText("A stack launched from an older link will fail");
  await confirm.getByRole("button", { name: "Yes, revoke and issue a new one" }).click();
  await expect(section.getByRole("status").filter({ hasText: "Registration link revoked" })).toBeVisible();

  const second = (await api.get<Launch>(`/organizations/${organizationId}/launch?region=us-east-1`)).body;
  expect(second.parameters.RegistrationToken).toMatch(/^rgr_[\w-]{43}$/);
  expect(second.parameters.RegistrationToken).not.toBe(first.parameters.RegistrationToken);
  expect(second.parameters.ExternalId).toBe(first.parameters.ExternalId);
  await api.dispose();
});
