import { randomBytes } from "node:crypto";
import { inArray, or, sql } from "drizzle-orm";
import pLimit from "p-limit";
import { closeDb, getDb } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { auditEvents, organizations, rateLimits, users, verifications } from "@/lib/db/schema";
import { addConnection } from "@/lib/dal/connections";
import { createInvite, acceptInvite } from "@/lib/dal/invites";
import { createOrganization, getOrganization } from "@/lib/dal/organizations";
import { authenticate, createAdmin } from "@/lib/dal/users";
import type { Viewer } from "@/lib/dal/viewer";
import { VERIFY_LIMITS } from "@/lib/verification/run";
import { refusal, seed } from "../seed/run";
import { HttpClient } from "./load-http";
import type { SandboxProcess } from "./sandbox-process";

/**
 * The benchmark's people, made through the data-access layer (unmeasured) and then signed in over
 * HTTP like browsers: admins, and customers each alone in an organisation with one connection to a
 * sandbox role that trusts the partner with that organisation's External ID.
 */

export const PASSWORD = "load bench password 123";
/** Verifications one customer may run in the window: its own limit, and its organisation's (it is the only member). */
export const VERIFICATIONS_PER_CUSTOMER = Math.min(VERIFY_LIMITS.perUser.limit, VERIFY_LIMITS.perOrganization.limit);
const SETUP_CONCURRENCY = 4; // password hashing is the bulk of it: about a core each

export type Admin = { email: string; client: HttpClient };
export type Customer = { email: string; connectionId: string; organizationId: string; roleArn: string; externalId: string; client: HttpClient };
/** What this run added to the database, so that it can take it out again. */
type RunData = { userIds: string[]; organizationIds: string[] };

const stamp = `${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;
const run: RunData = { userIds: [], organizationIds: [] };

/** Migrates, and seeds connections for the dashboard up to `target` (kept between runs); refuses a non-local database. */
export async function prepareDatabase(target: number, log: (line: string) => void): Promise<number> {
  const refused = refusal();
  if (refused) throw new Error(`refusing to benchmark (it seeds the database): ${refused}`);
  await migrateDatabase();
  const [row] = await getDb().select({ n: sql<number>`count(*)::int` }).from(sql`connections`);
  const existing = row?.n ?? 0;
  if (existing >= target) return existing;
  log(`Seeding ${target - existing} connections for the dashboard (${existing} there)…`);
  await seed(getDb(), { connections: target - existing, history: 3, seed: Date.now() % 100_000, log });
  return target;
}

/** `count` partner admins signed in over HTTP, spread over the app's instances (the first one is ADMIN_EMAIL, which the app created at start). */
export async function signInAdmins(urls: string[], count: number, first: { email: string; password: string }): Promise<Admin[]> {
  const emails = [first.email, ...Array.from({ length: count - 1 }, (_, i) => `admin-${stamp}-${i + 2}@load.bench.test`)].slice(0, count);
  const limit = pLimit(SETUP_CONCURRENCY);
  return Promise.all(
    emails.map((email, i) =>
      limit(async () => {
        if (i > 0) run.userIds.push((await createAdmin({ email, name: `Load admin ${i + 1}`, password: PASSWORD })).id);
        const client = new HttpClient(urls[i % urls.length]!);
        await client.signIn(email, i === 0 ? first.password : PASSWORD);
        return { email, client };
      }),
    ),
  );
}

/** The viewer of the first admin, for the setup's own DAL calls. */
export async function setupViewer(email: string, password: string): Promise<Viewer> {
  const viewer = await authenticate(email, password);
  if (!viewer) throw new Error(`admin ${email} not found: did the app start with ADMIN_EMAIL?`);
  return viewer;
}

/** `count` customers, each the one member of an organisation with one connection, signed in over HTTP to one of the app's instances. */
export async function makeCustomers(admin: Viewer, sandbox: SandboxProcess, urls: string[], label: string, count: number): Promise<Customer[]> {
  const { partner } = (await sandbox.control("GET", "/_sandbox/info")) as { partner: { accountId: string } };
  const limit = pLimit(SETUP_CONCURRENCY);
  const accountBase = 400_000_000_000 + Math.floor(Math.random() * 90_000_000_000);
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      limit(async () => {
        const name = `Load ${stamp} ${label} ${i + 1}`;
        const { id: organizationId } = await createOrganization(admin, { name });
        run.organizationIds.push(organizationId);
        const { externalId } = await getOrganization(admin, organizationId);
        const email = `${label}-${stamp}-${i + 1}@load.bench.test`;
        await acceptInvite((await createInvite(admin, { organizationId, email })).token, { name: `${name} member`, password: PASSWORD });
        const member = (await authenticate(email, PASSWORD))!;
        run.userIds.push(member.userId);
        const { arn } = (await sandbox.control("POST", "/_sandbox/roles", {
          accountId: String(accountBase + run.organizationIds.length),
          roleName: `RolegateLoad${label}${i + 1}`,
          trustPolicy: {
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${partner.accountId}:root` }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": externalId } } },
            ],
          },
        })) as { arn: string };
        const connection = await addConnection(member, { roleArn: arn });
        const client = new HttpClient(urls[i % urls.length]!);
        await client.signIn(email, PASSWORD);
        return { email, connectionId: connection.id, organizationId, roleArn: arn, externalId, client };
      }),
    ),
  );
}

/** What admins type and pick on the dashboard: account ids, organisation name words, an organisation. */
export async function searchTerms(): Promise<{ words: string[]; organizationId: string | undefined }> {
  // postgres-js answers an array of rows (the benchmark runs on PostgreSQL only).
  const list = (await getDb().execute(
    sql`select c.account_id, o.name, c.organization_id from connections c join organizations o on o.id = c.organization_id order by random() limit 20`,
  )) as unknown as { account_id: string; name: string; organization_id: string }[];
  const words = list.flatMap((r) => [r.account_id.slice(0, 6), r.name.split(" ")[0]!]).filter((w) => w.length >= 3);
  return { words: words.length > 0 ? words : ["Load"], organizationId: list[0]?.organization_id };
}

/** Gives every customer and admin of this run its verifications back (the limits' windows start again). */
export async function resetVerifyLimits(): Promise<void> {
  const keys = [...run.userIds.map((id) => `verify:user:${id}`), ...run.organizationIds.map((id) => `verify:org:${id}`)];
  if (keys.length > 0) await getDb().delete(rateLimits).where(inArray(rateLimits.key, keys));
}

/** Removes what this run made (its people, organisations, their history and limits); the seeded dashboard stays. */
export async function removeRunData(): Promise<void> {
  const { userIds, organizationIds } = run;
  const db = getDb();
  if (organizationIds.length > 0) await db.delete(verifications).where(inArray(verifications.organizationId, organizationIds));
  if (userIds.length > 0 || organizationIds.length > 0) {
    const byActor = userIds.length > 0 ? inArray(auditEvents.actorUserId, userIds) : undefined;
    const byOrg = organizationIds.length > 0 ? inArray(auditEvents.organizationId, organizationIds) : undefined;
    await db.delete(auditEvents).where(or(byActor, byOrg));
  }
  await resetVerifyLimits();
  if (userIds.length > 0) await db.delete(users).where(inArray(users.id, userIds));
  if (organizationIds.length > 0) await db.delete(organizations).where(inArray(organizations.id, organizationIds));
}

export { closeDb };
