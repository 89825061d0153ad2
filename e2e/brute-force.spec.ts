import { randomBytes } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { actionByKey, callAction, formData } from "./support/actions";
import { adminApi, anonymousApi, postSignIn, testAddress } from "./support/api-session";
import { fetchPage, saying, visibleText } from "./support/observe";
import { createRole, customerAccountId, sandboxInfo, trustPolicy } from "./support/sandbox";
import { addConnection, invite, join, newTenant, PASSWORD, verify, type Tenant } from "./support/tenants";
import { ADMIN_REAUTH, expect, test, unique } from "./fixtures";

// Guessing at speed: invite tokens, passwords, and role ARNs through the verify action. Each
// attacker here sends from an address of its own (X-Forwarded-For), so the limits it trips are its own.

const GUESSES_PER_ADDRESS = 20; // lib/dal/invite-limits.ts
const FAILED_SIGN_INS_PER_ACCOUNT = 20; // lib/auth/sign-in-limits.ts
const VERIFY = { perUser: 10, perOrganization: 30 }; // lib/verification/run.ts
const TOO_MANY_LINKS = /Too many invite links that do not work were opened from your network\. Wait \d+ minutes?/;

let admin: APIRequestContext;
test.beforeAll(async () => {
  admin = await adminApi();
});
test.afterAll(async () => admin?.dispose());

const randomToken = () => randomBytes(32).toString("base64url");
const alertOf = (html: string) => /role="alert"[^>]*>(?:<[^>]+>)*([^<]+)/.exec(html)?.[1] ?? "";

test("guessing invite links from one address stops after 20 unknown links, for real links too", async () => {
  const tenant = await newTenant(admin, "Invited", { verified: 0, pending: 0 });
  const guesser = await anonymousApi();
  for (let i = 0; i < GUESSES_PER_ADDRESS; i++) {
    expect(alertOf((await fetchPage(guesser, `/invite/${randomToken()}`)).text)).toContain("This invite link is not valid");
  }
  expect(alertOf((await fetchPage(guesser, `/invite/${randomToken()}`)).text)).toMatch(TOO_MANY_LINKS);
  // A right guess now would be refused too, on the page and by the accept action: nothing to learn.
  const real = await fetchPage(guesser, `/invite/${tenant.pendingInvite.token}`);
  expect(real.text).not.toContain(tenant.pendingInvite.email);
  expect(alertOf(real.text)).toMatch(TOO_MANY_LINKS);
  const accept = actionByKey("lib/actions/auth/accept-invite.ts#acceptInviteAction");
  const fields = { token: tenant.pendingInvite.token, name: "Guesser", password: PASSWORD, confirm: PASSWORD };
  expect(saying(await callAction(guesser, accept, `/invite/${tenant.pendingInvite.token}`, [{}, formData(fields)]))).toMatch(TOO_MANY_LINKS);
  const organization = await fetchPage(admin, `/admin/organizations/${tenant.id}`);
  expect(organization.text).not.toContain("Guesser");

  // The invitee, elsewhere, is not affected; nor is a link that works, opened many times.
  const invitee = await anonymousApi();
  for (let i = 0; i < GUESSES_PER_ADDRESS + 5; i++) {
    expect(visibleText((await fetchPage(invitee, `/invite/${tenant.pendingInvite.token}`)).text)).toContain(`Join ${tenant.name} on Rolegate`);
  }
  await Promise.all([guesser.dispose(), invitee.dispose()]);
});

test("a burst of concurrent invite guesses gets no more answers than the limit", async () => {
  const guesser = await anonymousApi();
  const answers = await Promise.all(Array.from({ length: 2 * GUESSES_PER_ADDRESS }, async () => alertOf((await fetchPage(guesser, `/invite/${randomToken()}`)).text)));
  expect(answers.filter((a) => a.includes("not valid"))).toHaveLength(GUESSES_PER_ADDRESS);
  expect(answers.filter((a) => TOO_MANY_LINKS.test(a))).toHaveLength(GUESSES_PER_ADDRESS);
  await guesser.dispose();
});

test("writing addresses into X-Forwarded-For does not buy more guesses: the address the proxy appended counts", async () => {
  // What a proxy in front (TRUSTED_PROXY_HOPS=1) sends on: the client's own header, then the address it saw.
  const seenByProxy = testAddress();
  const guesser = await anonymousApi();
  const guess = () => guesser.get(`/invite/${randomToken()}`, { maxRedirects: 0, headers: { "x-forwarded-for": `${testAddress()}, ${seenByProxy}` } });
  for (let i = 0; i < GUESSES_PER_ADDRESS; i++) expect(alertOf(await (await guess()).text())).toContain("This invite link is not valid");
  expect(alertOf(await (await guess()).text())).toMatch(TOO_MANY_LINKS);
  await guesser.dispose();
});

test("a burst of wrong passwords from many addresses checks no more than the account's limit, and the owner still signs in from home", async () => {
  const tenant = await newTenant(admin, "Burst", { verified: 0, pending: 0 });
  // Each guess from its own address, the e-mail spelled in varied ways: only the account's limit can stop them.
  const spellings = [tenant.member.email, tenant.member.email.toUpperCase(), ` ${tenant.member.email} `];
  const guesses = await Promise.all(
    Array.from({ length: 3 * FAILED_SIGN_INS_PER_ACCOUNT }, async (_, i) => {
      const guesser = await anonymousApi();
      const { url } = await postSignIn(guesser, { email: spellings[i % spellings.length]!, password: `wrong password ${i}` });
      await guesser.dispose();
      return new URL(url, "http://x").searchParams.get("error");
    }),
  );
  expect(guesses.filter((e) => e === "CredentialsSignin").length).toBeLessThanOrEqual(FAILED_SIGN_INS_PER_ACCOUNT);
  expect(guesses.filter((e) => e === "TooManyAttempts").length).toBeGreaterThanOrEqual(2 * FAILED_SIGN_INS_PER_ACCOUNT);
  // A stranger with the right password is refused before it is checked: nothing to learn.
  const stranger = await anonymousApi();
  expect((await postSignIn(stranger, { email: tenant.member.email, password: PASSWORD })).url).toContain("error=TooManyAttempts");
  await stranger.dispose();
  // The owner, from the address they signed in from before, gets in, while the attack goes on.
  const home = tenant.member.api;
  for (let i = 0; i < 2; i++) {
    const attacker = await anonymousApi();
    expect((await postSignIn(attacker, { email: tenant.member.email, password: "still guessing" })).url).toContain("error=TooManyAttempts");
    await attacker.dispose();
    const { url } = await postSignIn(home, { email: tenant.member.email, password: PASSWORD });
    expect(url).not.toContain("error=");
  }
});

/** `n` roles that trust the organisation (so each check is quick), pasted as connections by `member`. */
async function connections(tenant: Tenant, member: APIRequestContext, n: number): Promise<string[]> {
  const { partner } = await sandboxInfo();
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const roleArn = await createRole({ accountId: customerAccountId(), roleName: unique("Probe"), trustPolicy: trustPolicy(partner.accountId, tenant.externalId) });
    ids.push((await addConnection(member, roleArn)).id);
  }
  return ids;
}

/** Verifies every connection at once; returns what each call ended with. */
async function verifyAll(member: APIRequestContext, ids: string[]): Promise<string[]> {
  return Promise.all(ids.map(async (id) => (await verify(member, id)).map((e) => e.result?.status ?? e.message ?? "").at(-1) ?? ""));
}

test("verification cannot probe role ARNs faster than its limits per member and per organisation", async () => {
  test.setTimeout(180_000);
  const tenant = await newTenant(admin, "Prober", { verified: 0, pending: 0 });
  const members = [tenant.member.api];
  for (let i = 0; i < 3; i++) {
    const email = `${unique("prober")}@tenant.test`;
    members.push(await join(await invite(admin, tenant.id, email), email, unique("Prober")));
  }
  const [first, second, third, fourth] = members as [APIRequestContext, APIRequestContext, APIRequestContext, APIRequestContext];

  // One member, twelve ARNs at once: ten are checked, two refused before any call to AWS.
  const firstIds = await connections(tenant, first, VERIFY.perUser + 2);
  const outcomes = await verifyAll(first, firstIds);
  expect(outcomes.filter((o) => o === "verified")).toHaveLength(VERIFY.perUser);
  expect(outcomes.filter((o) => o.startsWith("You have run many verifications in a short time. Try again in"))).toHaveLength(2);

  // Three members share the organisation's 30; the fourth is refused, for verification and stack updates alike.
  expect(await verifyAll(second, await connections(tenant, second, VERIFY.perUser))).toEqual(Array(VERIFY.perUser).fill("verified"));
  expect(await verifyAll(third, await connections(tenant, third, VERIFY.perUser))).toEqual(Array(VERIFY.perUser).fill("verified"));
  const [lastId] = await connections(tenant, fourth, 1);
  expect(await verifyAll(fourth, [lastId!])).toEqual([expect.stringMatching(/^Your organisation has run many verifications in a short time/)]);
  const rotate = actionByKey("lib/actions/admin/rotate-external-id.ts#rotateExternalIdAction");
  await callAction(admin, rotate, `/admin/organizations/${tenant.id}`, [{}, formData({ organizationId: tenant.id, ...ADMIN_REAUTH })]);
  const stackUpdate = actionByKey("lib/actions/connections/confirm-stack-update.ts#confirmStackUpdateAction");
  expect(saying(await callAction(fourth, stackUpdate, "/onboarding", [{}, formData({ connectionId: lastId! })]))).toMatch(/^Your organisation has run many verifications/);

  // What the admin sees: exactly the allowed checks happened, the refused ones were never run.
  const csv = await (await admin.get(`/admin/connections/export?org=${tenant.id}`)).text();
  const checked = csv.split("\r\n").slice(1).filter((row) => /,verified,\d{4}-/.test(row));
  expect(checked).toHaveLength(VERIFY.perOrganization);
  await Promise.all(members.map((m) => m.dispose()));
});
