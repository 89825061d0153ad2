import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { requireAdmin } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import { isDalError } from "@/lib/dal/errors";
import { listMail } from "@/lib/dal/mail-views";
import type { UserViewer } from "@/lib/dal/viewer";
import { MailTable } from "./mail-table";

export const metadata: Metadata = { title: "Mail" };

const PAGE_SIZE = 50;

type Props = { searchParams: Promise<{ cursor?: string | string[] }> };

export default async function MailPage({ searchParams }: Props) {
  const viewer = await requireAdmin();
  const { cursor } = await searchParams;
  const smtp = getConfig().mail.smtp !== null;
  const page = await mailPage(viewer, typeof cursor === "string" ? cursor : undefined);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Mail</h1>
        <p className="mt-1 text-sm text-slate-600">
          Every e-mail Rolegate sends (invites, connection status changes, rotation notices, the daily digest, security alerts) is
          queued here first, in the same transaction as what caused it.
        </p>
      </div>
      {smtp ? null : (
        <Alert tone="info" title="No SMTP server configured">
          Set <code className="font-mono text-xs">SMTP_URL</code> to send these messages. Until then they are kept here, exactly as they
          would be sent.
        </Alert>
      )}
      {page.stale ? <Alert tone="warning">That link to older messages is not valid any more. These are the newest.</Alert> : null}
      {page.data.length === 0 ? (
        <p className="text-sm text-slate-600">No mail yet. An invite with an e-mail address is the first message most people see here.</p>
      ) : (
        <MailTable messages={page.data} smtp={smtp} />
      )}
      <nav aria-label="Pages of messages" className="flex justify-between gap-3 text-sm">
        <span>{page.paged ? <Link href="/admin/mail" className="font-medium text-indigo-700 underline">Newest messages</Link> : null}</span>
        <span>
          {page.nextCursor ? (
            <Link href={`/admin/mail?${new URLSearchParams({ cursor: page.nextCursor })}`} className="font-medium text-indigo-700 underline">
              Older messages
            </Link>
          ) : null}
        </span>
      </nav>
    </div>
  );
}

/** A page of messages; a cursor the DAL does not accept (edited, or from an old link) shows the newest page instead. */
async function mailPage(viewer: UserViewer, cursor: string | undefined) {
  try {
    return { ...(await listMail(viewer, { limit: PAGE_SIZE, cursor })), paged: Boolean(cursor), stale: false };
  } catch (error) {
    if (!cursor || !isDalError(error, "invalid")) throw error;
    return { ...(await listMail(viewer, { limit: PAGE_SIZE })), paged: false, stale: true };
  }
}
