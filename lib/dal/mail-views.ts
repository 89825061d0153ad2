import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { mailOutbox } from "@/lib/db/schema";
import { DalError } from "./errors";
import { isUuid } from "./ids";
import { decodeTimeCursor, encodeTimeCursor } from "./time-cursor";
import { assertAdmin, type Viewer } from "./viewer";

/** The outbox as admins read it at /admin/mail: every message, newest first (admins only). */

const summaryColumns = {
  id: mailOutbox.id,
  category: mailOutbox.category,
  recipient: mailOutbox.recipient,
  subject: mailOutbox.subject,
  status: mailOutbox.status,
  attempts: mailOutbox.attempts,
  nextAttemptAt: mailOutbox.nextAttemptAt,
  lastError: mailOutbox.lastError,
  sentAt: mailOutbox.sentAt,
  createdAt: mailOutbox.createdAt,
};

export type MailSummary = { id: string; category: string; recipient: string; subject: string; status: "pending" | "sent" | "failed"; attempts: number; nextAttemptAt: Date; lastError: string | null; sentAt: Date | null; createdAt: Date };
export type MailDetail = MailSummary & { text: string; html: string; link: string | null };

/** A page of messages, newest first; `cursor` from a previous page (a bad one is `invalid`). */
export async function listMail(viewer: Viewer, query: { limit: number; cursor?: string | undefined }): Promise<{ data: MailSummary[]; nextCursor: string | null }> {
  assertAdmin(viewer);
  const after = query.cursor ? decodeTimeCursor(query.cursor) : undefined;
  if (query.cursor && !after) throw new DalError("invalid", "That link to older messages is not valid.", "cursor");
  const rows = await getDb()
    .select({ ...summaryColumns, key: sql<string>`${mailOutbox.createdAt}::text` })
    .from(mailOutbox)
    .where(after ? sql`(${mailOutbox.createdAt}, ${mailOutbox.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined)
    .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(({ key: _key, ...row }) => row),
    nextCursor: rows.length > query.limit && last ? encodeTimeCursor(last.key, last.id) : null,
  };
}

/** One message with its text and HTML (admins only); `not_found` for anything else. */
export async function getMail(viewer: Viewer, id: string): Promise<MailDetail> {
  assertAdmin(viewer);
  if (!isUuid(id)) throw new DalError("not_found", "Message not found.");
  const [row] = await getDb()
    .select({ ...summaryColumns, text: mailOutbox.text, html: mailOutbox.html, link: mailOutbox.link })
    .from(mailOutbox)
    .where(and(eq(mailOutbox.id, id)));
  if (!row) throw new DalError("not_found", "Message not found.");
  return row;
}
