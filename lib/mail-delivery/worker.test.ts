import { eq, inArray } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { mailOutbox, organizations } from "@/lib/db/schema";
import { createInvite } from "@/lib/dal/invites";
import { claimMail } from "@/lib/dal/mail-outbox";
import type { UserViewer } from "@/lib/dal/viewer";
import { smtpSender } from "@/lib/mail/smtp";
import { newAdmin, newOrganization, setupDatabase, uniqueEmail } from "@/tests/support/db";
import { waitFor } from "@/tests/support/jobs";
import { freePort, loopbackSmtp } from "@/tests/support/smtp";
import { MailWorker } from "./worker";

const FROM = "Rolegate <no-reply@partner.example>";
const SMTP_AUTH = { user: "rolegate", password: "smtp-password-never-in-mail" };

let admin: UserViewer;
const workers: MailWorker[] = [];
const servers: { close: () => Promise<void> }[] = [];

beforeAll(async () => {
  await setupDatabase();
  admin = await newAdmin();
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A worker sending to a loopback port, retrying quickly. */
function worker(port: number, settings: Partial<ConstructorParameters<typeof MailWorker>[1]> = {}) {
  const sender = smtpSender({ secure: false, host: "127.0.0.1", port, user: SMTP_AUTH.user, password: SMTP_AUTH.password }, FROM, { timeoutMs: 3_000 });
  const w = new MailWorker(sender, { pollMs: 50, retryDelayMs: () => 150, ...settings });
  workers.push(w);
  return w.start();
}

async function server(options: Parameters<typeof loopbackSmtp>[0] = {}) {
  const s = await loopbackSmtp({ auth: SMTP_AUTH, ...options });
  servers.push(s);
  return s;
}

async function invite(orgName?: string) {
  const organizationId = await newOrganization(admin, orgName);
  const email = uniqueEmail("invitee");
  const { token, id } = await createInvite(admin, { organizationId, email });
  return { email, token, inviteId: id, organizationId };
}

const rowsTo = (emails: string[]) => getDb().select().from(mailOutbox).where(inArray(mailOutbox.recipient, emails));

describe("mail worker over SMTP", () => {
  it("sends the invite with a text and an HTML part, the link, a stable Message-ID, and no secrets", async () => {
    const smtp = await server();
    const { email, token, organizationId } = await invite("Acme <script>alert(1)</script> Ltd");
    worker(smtp.port);
    await waitFor(() => smtp.to(email).length === 1, 10_000, "the invite e-mail");
    const [{ mail, raw, user }] = smtp.to(email) as [(typeof smtp.received)[number]];
    // The server has the message; the worker marks it sent right after the server's answer.
    await waitFor(async () => (await rowsTo([email]))[0]?.status === "sent", 10_000, "the invite marked sent");
    const [row] = await rowsTo([email]);
    const link = `http://localhost:3000/invite/${token}`;
    expect(user).toBe(SMTP_AUTH.user);
    expect(mail.from?.value[0]).toMatchObject({ name: "Rolegate", address: "no-reply@partner.example" });
    expect(mail.subject).toBe("You are invited to connect Acme <script>alert(1)</script> Ltd's AWS accounts to Rolegate");
    expect(mail.messageId).toBe(`<${row!.id}@partner.example>`);
    expect(mail.text).toContain(link);
    expect(mail.text).toContain("Accept the invite");
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.html).toContain("Acme &lt;script&gt;alert(1)&lt;/script&gt; Ltd");
    expect(mail.html).not.toContain("<script>");
    const [org] = await getDb().select({ externalId: organizations.externalId }).from(organizations).where(eq(organizations.id, organizationId));
    for (const secret of [org!.externalId, SMTP_AUTH.password]) expect(raw).not.toContain(secret);
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    expect(row!.sentAt).toBeInstanceOf(Date);
  });

  it("keeps mail through an SMTP server that is down, and sends each message once when it is back", async () => {
    const port = await freePort();
    const invites = await Promise.all([invite(), invite(), invite()]);
    const emails = invites.map((i) => i.email);
    worker(port);
    await waitFor(async () => (await rowsTo(emails)).every((r) => r.attempts >= 2 && r.status === "pending" && r.lastError), 15_000, "failed attempts");
    for (const row of await rowsTo(emails)) expect(row.lastError).toMatch(/ECONNECTION|ECONNREFUSED/);
    const smtp = await server({ port });
    await waitFor(async () => (await rowsTo(emails)).every((r) => r.status === "sent"), 15_000, "every message sent");
    await new Promise((r) => setTimeout(r, 400)); // a few more polls: nothing goes twice
    for (const email of emails) expect(smtp.to(email)).toHaveLength(1);
  });

  it("retries a server that answers 451 until it accepts, and sends each message once", async () => {
    const deferred = new Map<string, number>();
    const smtp = await server({
      refuse: (to) => {
        const n = deferred.get(to) ?? 0;
        if (!to.startsWith("invitee-") || n >= 2) return null;
        deferred.set(to, n + 1);
        return { code: 451, message: "4.3.0 Try again later" };
      },
    });
    const invites = await Promise.all([invite(), invite()]);
    const emails = invites.map((i) => i.email);
    worker(smtp.port);
    await waitFor(async () => (await rowsTo(emails)).every((r) => r.status === "sent"), 15_000, "every message sent");
    await new Promise((r) => setTimeout(r, 400));
    for (const email of emails) expect(smtp.to(email)).toHaveLength(1);
    for (const row of await rowsTo(emails)) expect(row.attempts).toBe(3);
  });

  it("gives up on a recipient the server refuses for good (550), and says why", async () => {
    const smtp = await server({ refuse: (to) => (to.startsWith("invitee-") ? { code: 550, message: "5.1.1 No such user" } : null) });
    const { email } = await invite();
    worker(smtp.port);
    await waitFor(async () => (await rowsTo([email]))[0]?.status === "failed", 10_000, "the message given up");
    const [row] = await rowsTo([email]);
    expect(row).toMatchObject({ attempts: 1, status: "failed" });
    expect(row!.lastError).toMatch(/550.*No such user/);
    expect(smtp.to(email)).toEqual([]);
  });

  it("keeps mail when the SMTP server refuses the login, and never records the password", async () => {
    const smtp = await server({ auth: { user: SMTP_AUTH.user, password: "the server's other password" } });
    const { email } = await invite();
    worker(smtp.port);
    await waitFor(async () => ((await rowsTo([email]))[0]?.attempts ?? 0) >= 2, 10_000, "failed logins");
    const [row] = await rowsTo([email]);
    expect(row!.status).toBe("pending");
    expect(row!.lastError).toMatch(/EAUTH|535|Invalid/);
    expect(row!.lastError).not.toContain(SMTP_AUTH.password);
    expect(smtp.to(email)).toEqual([]);
  });

  it("sends a message again when the worker that claimed it died before sending", async () => {
    const smtp = await server();
    const { email } = await invite();
    // A worker claims everything due and dies (its lease runs out after 300 ms).
    const claimed = await claimMail(1000, 300);
    expect(claimed.map((c) => c.recipient)).toContain(email);
    worker(smtp.port);
    await waitFor(async () => (await rowsTo([email]))[0]?.status === "sent", 10_000, "the message sent after the lease");
    expect(smtp.to(email)).toHaveLength(1);
    expect((await rowsTo([email]))[0]!.attempts).toBe(2);
  });
});
