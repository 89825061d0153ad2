import type { Browser } from "@playwright/test";
import { customerSession, e2e, expect, test, unique, type AdminPages } from "./fixtures";
import { JobPages } from "./pages/jobs";
import { hiddenFormFields, pasteRoleArns, postForm } from "./support/no-js";
import { addFault, createRole, customerAccountId, sandboxInfo, trustPolicy } from "./support/sandbox";

// Bulk re-verification of a few hundred connections across three organisations. Roles come from
// the sandbox's control API; connections from each member's own "Paste the role ARN" form, sent
// as a browser without JavaScript sends it (measured: ~0.07 s each, against ~0.6-1.9 s when
// driving the page). Jobs cover a selection of these connections only, so that tests running
// alongside keep theirs untouched.

const ORGANIZATIONS = 3;
const PER_ORGANIZATION = 100;
const INSECURE = 10; // per organisation: roles that trust the partner without the External ID condition

/** A new organisation with a signed-in member (one at a time: there is one admin page). */
async function newCustomer(admin: AdminPages, browser: Browser) {
  await admin.createOrganization(unique("Bulk"));
  const session = await customerSession(browser, await admin.invite(`${unique("bulk")}@customer.test`));
  return { ...session, externalId: await session.customer.externalId() };
}

/** The customer's roles (working ones, then some open to the confused deputy) and their connection ids. */
async function connectRoles(customer: Awaited<ReturnType<typeof newCustomer>>, partner: string): Promise<string[]> {
  const arns: string[] = [];
  const policy = (n: number) => trustPolicy(partner, n < PER_ORGANIZATION - INSECURE ? customer.externalId : undefined);
  for (let i = 0; i < PER_ORGANIZATION; i += 10) {
    const batch = Array.from({ length: 10 }, (_, j) => i + j);
    arns.push(...(await Promise.all(batch.map((n) => createRole({ accountId: customerAccountId(), roleName: unique(`Bulk${n}`), trustPolicy: policy(n) })))));
  }
  return pasteRoleArns(customer.page, arns);
}

test.describe.configure({ mode: "serial" });

let ids: string[] = [];
let member: Awaited<ReturnType<typeof newCustomer>> | undefined;

test.afterAll(async () => {
  await member?.context.close();
});

test("an admin bulk re-verifies a few hundred connections and follows it to the end", async ({ admin, adminPage, browser }) => {
  test.setTimeout(240_000);
  const partner = (await sandboxInfo()).partner.accountId;
  const started = Date.now();
  const customers = [];
  for (let i = 0; i < ORGANIZATIONS; i++) customers.push(await newCustomer(admin, browser));
  ids = (await Promise.all(customers.map((c) => connectRoles(c, partner)))).flat();
  console.log(`admin-bulk: ${ids.length} connections made in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  expect(new Set(ids).size).toBe(ORGANIZATIONS * PER_ORGANIZATION);

  const jobs = new JobPages(adminPage);
  await jobs.startSelection(ids);
  await expect(adminPage.getByText(`${ids.length} selected connections`)).toBeVisible();
  const bar = jobs.progressbar();
  await expect(bar).toHaveAttribute("aria-valuemax", String(ids.length));
  // Live: the page moves on by itself (it polls) until the summary.
  await expect.poll(async () => Number(await bar.getAttribute("aria-valuenow")), { timeout: 60_000 }).toBeGreaterThan(0);
  const verified = ORGANIZATIONS * (PER_ORGANIZATION - INSECURE);
  const failed = ORGANIZATIONS * INSECURE;
  await expect(jobs.outcome()).toHaveText(`${verified} verified, ${failed} failed of ${ids.length}`, { timeout: 120_000 });
  await expect(adminPage.getByRole("heading", { name: "Completed" })).toBeVisible();
  await expect(jobs.count("Remaining")).toHaveText("0");
  await expect(adminPage.getByText(`${failed} of the failed can be assumed without the right External ID`)).toBeVisible();
  await expect(adminPage.getByRole("button", { name: "Cancel job" })).toHaveCount(0);

  // Each customer sees the outcome: its open roles are now marked insecure.
  member = customers.shift();
  await Promise.all(customers.map((c) => c.context.close()));
  await member!.page.goto("/accounts");
  await expect(member!.page.getByRole("listitem", { name: /^Account / }).filter({ hasText: "insecure" })).toHaveCount(INSECURE);

  await adminPage.goto("/admin/jobs");
  await expect(adminPage.getByRole("row").filter({ hasText: `${verified} verified, ${failed} failed of ${ids.length}` })).toHaveCount(1);
});

test("a member can neither start, read nor cancel a job; an admin cancels one", async ({ adminPage, playwright }) => {
  test.skip(!member, "needs the connections of the previous test");
  const { page } = member!;
  const jobs = new JobPages(adminPage);
  const before = await adminPage.goto("/admin/jobs").then(() => adminPage.getByRole("row").count());

  // Start: the admin's own start form, sent from the member's session, changes nothing.
  const startFields = await hiddenFormFields(adminPage, "/admin/jobs", "scope");
  for (const scope of [[["scope", "all"]], [["scope", "selection"], ["connectionId", ids[0]!]]] as [string, string][][]) {
    const response = await postForm(page, "/admin/jobs", [...startFields, ...scope]);
    expect(response.headers().location ?? "").not.toMatch(/\/admin\/jobs\/[0-9a-f-]{36}/);
  }
  await adminPage.reload();
  await expect(adminPage.getByRole("row")).toHaveCount(before);
  // The same fields from the admin's session do start a job: the refusal above was the server's.
  const control = await postForm(adminPage, "/admin/jobs", [...startFields, ["scope", "selection"], ["connectionId", ids[0]!]]);
  expect(control.headers().location).toMatch(/\/admin\/jobs\/[0-9a-f-]{36}$/);

  // Slow STS down for a while (a bounded number of calls: it wears off by itself), then start a job.
  await addFault({ action: "*", kind: "latency", ms: 800, count: 400 });
  const jobId = await jobs.startSelection(ids);
  await expect(adminPage.getByRole("heading", { name: /Running|Waiting to start/ })).toBeVisible();

  // Cancel: the admin's cancel form, sent from the member's session, leaves the job running.
  const cancelFields = await hiddenFormFields(adminPage, `/admin/jobs/${jobId}`, "jobId");
  await postForm(page, `/admin/jobs/${jobId}`, [...cancelFields, ["jobId", jobId]]);
  const status = async () => ((await (await adminPage.request.get(`/admin/jobs/${jobId}/progress`)).json()) as { status: string }).status;
  expect(await status()).toMatch(/^(queued|running)$/);

  // The admin cancels: checks in flight finish, nothing else starts, and the numbers stop.
  await adminPage.getByRole("button", { name: "Cancel job" }).click();
  await expect(adminPage.getByRole("heading", { name: "Cancelled" })).toBeVisible({ timeout: 30_000 });
  const outcome = (await jobs.outcome().textContent()) ?? "";
  const [, done = "", notDone = ""] = /^Cancelled: (\d+) verified, (\d+) failed of 300$/.exec(outcome) ?? [];
  expect(Number(done) + Number(notDone)).toBeLessThan(ids.length);
  expect(Number(await jobs.count("Remaining").textContent())).toBeGreaterThan(0);
  await adminPage.waitForTimeout(2_000);
  await adminPage.reload();
  await expect(jobs.outcome()).toHaveText(outcome);

  // Read: the page sends a member away; the progress route refuses members and strangers.
  await page.goto(`/admin/jobs/${jobId}`);
  await expect(page).toHaveURL(/\/onboarding$/);
  expect((await page.request.get(`/admin/jobs/${jobId}/progress`)).status()).toBe(403);
  const stranger = await playwright.request.newContext({ baseURL: e2e.baseURL });
  expect((await stranger.get(`/admin/jobs/${jobId}/progress`)).status()).toBe(401);
  await stranger.dispose();
  expect((await adminPage.request.get(`/admin/jobs/${jobId}/progress`)).status()).toBe(200);
});
