import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Timestamp } from "@/components/timestamp";
import { requireAdmin } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import { isDalError } from "@/lib/dal/errors";
import { getMail } from "@/lib/dal/mail-views";
import { MAIL_CATEGORY_LABELS, type MailCategory } from "@/lib/mail/compose";
import { MailState } from "../mail-state";

export const metadata: Metadata = { title: "Message" };

/**
 * What the HTML part runs under inside its frame: nothing from anywhere (no scripts, requests or
 * forms), inline styles and inline images only; links open outside the frame. The frame is also
 * sandboxed without scripts or same-origin, so even HTML that slipped past escaping cannot act.
 */
const FRAME_HEAD = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><base target="_blank">`;

type Props = { params: Promise<{ id: string }> };

export default async function MailMessagePage({ params }: Props) {
  const viewer = await requireAdmin();
  const { id } = await params;
  const mail = await getMail(viewer, id).catch((error: unknown) => {
    if (isDalError(error, "not_found")) notFound();
    throw error;
  });
  const smtp = getConfig().mail.smtp !== null;
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/admin/mail" className="text-indigo-700 hover:underline">← All mail</Link>
      </p>
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight"><bdi>{mail.subject}</bdi></h1>
        <p className="text-sm text-slate-600">To <bdi>{mail.recipient}</bdi></p>
      </div>
      <dl className="grid grid-cols-2 gap-3 rounded-lg bg-white p-5 text-sm shadow-sm ring-1 ring-slate-200 sm:grid-cols-4">
        <div><dt className="text-slate-500">Kind</dt><dd>{MAIL_CATEGORY_LABELS[mail.category as MailCategory] ?? mail.category}</dd></div>
        <div><dt className="text-slate-500">State</dt><dd><MailState status={mail.status} smtp={smtp} /></dd></div>
        <div><dt className="text-slate-500">Queued</dt><dd><Timestamp date={mail.createdAt} /></dd></div>
        <div><dt className="text-slate-500">Sent</dt><dd><Timestamp date={mail.sentAt} never="—" /></dd></div>
        {mail.lastError ? (
          <div className="col-span-2 sm:col-span-4"><dt className="text-slate-500">Last attempt ({mail.attempts})</dt><dd className="break-words text-red-800">{mail.lastError}</dd></div>
        ) : null}
      </dl>
      {mail.link ? (
        <p className="text-sm">
          Link in this message: <a href={mail.link} className="break-all font-medium text-indigo-700 underline">{mail.link}</a>
        </p>
      ) : null}
      <section aria-labelledby="html-title" className="space-y-2">
        <h2 id="html-title" className="text-lg font-semibold">As HTML</h2>
        <iframe
          title="The message as HTML"
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          srcDoc={FRAME_HEAD + mail.html}
          referrerPolicy="no-referrer"
          className="h-[32rem] w-full rounded-lg bg-white ring-1 ring-slate-200"
        />
      </section>
      <section aria-labelledby="text-title" className="space-y-2">
        <h2 id="text-title" className="text-lg font-semibold">As plain text</h2>
        <pre tabIndex={0} className="relative overflow-x-auto whitespace-pre-wrap break-words rounded-lg bg-white p-4 font-mono text-xs shadow-sm ring-1 ring-slate-200">{mail.text}</pre>
      </section>
    </div>
  );
}
