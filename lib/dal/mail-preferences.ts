import "server-only";
import { sql } from "drizzle-orm";
import { getDb, type Db } from "@/lib/db/client";
import { mailPreferences } from "@/lib/db/schema";
import { queryRows } from "./rows";
import { userIdOf, type Viewer } from "./viewer";

/**
 * Who wants which non-essential mail. Members get status changes and rotation notices unless they
 * turn them off; admins get the daily digest unless they turn it off, and status changes of every
 * organisation only if they turn them on. Invites and security alerts are not preferences.
 */

export type MailPreferences = { statusChanges: boolean; rotationNotices: boolean; digest: boolean };

/** The signed-in person's choices, with the defaults of their role where they made none. */
export async function getMailPreferences(viewer: Viewer): Promise<MailPreferences> {
  const userId = userIdOf(viewer);
  const [row] = await queryRows<{ status_changes: boolean | null; rotation_notices: boolean; digest: boolean }>(
    getDb(),
    sql`select status_changes, rotation_notices, digest from mail_preferences where user_id = ${userId}`,
  );
  return {
    statusChanges: row?.status_changes ?? viewer.role === "member",
    rotationNotices: row?.rotation_notices ?? true,
    digest: row?.digest ?? true,
  };
}

/** Saves the signed-in person's choices (their own only: the id comes from the session). */
export async function updateMailPreferences(viewer: Viewer, prefs: MailPreferences): Promise<void> {
  const userId = userIdOf(viewer);
  const values = { statusChanges: prefs.statusChanges, rotationNotices: prefs.rotationNotices, digest: prefs.digest, updatedAt: new Date() };
  await getDb().insert(mailPreferences).values({ userId, ...values }).onConflictDoUpdate({ target: mailPreferences.userId, set: values });
}

/** A person a message goes to. */
export type Recipient = { id: string; email: string; organizationId: string | null };

type Reader = Pick<Db, "execute">;

/** Members of these organisations who want this kind of mail. */
export function membersWanting(db: Reader, organizationIds: readonly string[], kind: "status_change" | "rotation"): Promise<Recipient[]> {
  if (organizationIds.length === 0) return Promise.resolve([]);
  const wants = kind === "status_change" ? sql`coalesce(p.status_changes, true)` : sql`coalesce(p.rotation_notices, true)`;
  return queryRows<Recipient>(
    db,
    sql`select u.id, u.email, u.organization_id as "organizationId" from users u left join mail_preferences p on p.user_id = u.id
      where u.role = 'member' and u.organization_id in (${sql.join(organizationIds.map((id) => sql`${id}::uuid`), sql`, `)}) and ${wants}`,
  );
}

/** Partner admins who want this kind of mail; `security` is every admin. */
export function adminsWanting(db: Reader, kind: "status_change" | "digest" | "security"): Promise<Recipient[]> {
  const wants = kind === "status_change" ? sql`coalesce(p.status_changes, false)` : kind === "digest" ? sql`coalesce(p.digest, true)` : sql`true`;
  return queryRows<Recipient>(
    db,
    sql`select u.id, u.email, null as "organizationId" from users u left join mail_preferences p on p.user_id = u.id
      where u.role = 'admin' and ${wants} order by u.created_at`,
  );
}
