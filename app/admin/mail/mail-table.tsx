import Link from "next/link";
import { Timestamp } from "@/components/timestamp";
import type { MailSummary } from "@/lib/dal/mail-views";
import { MAIL_CATEGORY_LABELS, type MailCategory } from "@/lib/mail/compose";
import { MailState } from "./mail-state";

const cell = "px-3 py-2 align-top";

/** The outbox, newest first: who, what, when, and how it went. Each subject opens the message. */
export function MailTable({ messages, smtp }: { messages: MailSummary[]; smtp: boolean }) {
  return (
    <div tabIndex={0} className="relative overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Messages, newest first</caption>
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Subject</th>
            <th scope="col" className="px-3 py-2 font-medium">To</th>
            <th scope="col" className="px-3 py-2 font-medium">Kind</th>
            <th scope="col" className="px-3 py-2 font-medium">Queued</th>
            <th scope="col" className="px-3 py-2 font-medium">State</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {messages.map((m) => (
            <tr key={m.id}>
              <td className={cell}>
                <Link href={`/admin/mail/${m.id}`} className="font-medium text-indigo-700 hover:underline"><bdi>{m.subject}</bdi></Link>
              </td>
              <td className={cell}><bdi className="break-all">{m.recipient}</bdi></td>
              <td className={cell}>{MAIL_CATEGORY_LABELS[m.category as MailCategory] ?? m.category}</td>
              <td className={cell}><Timestamp date={m.createdAt} /></td>
              <td className={cell}>
                <MailState status={m.status} smtp={smtp} />
                {m.status === "pending" && m.attempts > 0 ? (
                  <span className="mt-1 block text-xs text-slate-500">next try <Timestamp date={m.nextAttemptAt} /></span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
