import { Timestamp } from "@/components/timestamp";
import type { DeliveryView } from "@/lib/dal/webhooks";
import { RetryDeliveryButton } from "./retry-delivery-button";
import { cn } from "@/lib/cn";

const cell = "px-3 py-2 align-top";
const number = new Intl.NumberFormat("en");

const badge: Record<DeliveryView["status"], string> = {
  succeeded: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  pending: "bg-sky-50 text-sky-800 ring-sky-200",
  failed: "bg-red-50 text-red-800 ring-red-200",
};

/** An endpoint's deliveries, newest first: what was sent, how it went, and when it is tried next. */
export function DeliveryTable({ webhookId, deliveries, canRetry }: { webhookId: string; deliveries: DeliveryView[]; canRetry: boolean }) {
  return (
    <div tabIndex={0} className="relative overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Deliveries, newest first</caption>
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Event</th>
            <th scope="col" className="px-3 py-2 font-medium">Status</th>
            <th scope="col" className="px-3 py-2 font-medium">Attempts</th>
            <th scope="col" className="px-3 py-2 font-medium">Last response</th>
            <th scope="col" className="px-3 py-2 font-medium">Last attempt</th>
            <th scope="col" className="px-3 py-2 font-medium">Next retry</th>
            <th scope="col" className="px-3 py-2 font-medium"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {deliveries.map((d) => (
            <tr key={d.id}>
              <td className={cell}>
                <span className="block font-mono text-xs font-medium">{d.eventType}</span>
                <span className="block font-mono text-xs text-slate-500">{d.eventId}</span>
              </td>
              <td className={cell}>
                <span className={cn("inline-flex rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset", badge[d.status])}>{d.status}</span>
              </td>
              <td className={cn(cell, "tabular-nums")}>{number.format(d.attempts)}</td>
              <td className={cell}><LastResponse code={d.lastStatusCode} error={d.lastError} /></td>
              <td className={cell}><Timestamp date={d.lastAttemptAt} never="—" /></td>
              <td className={cell}>{d.status === "pending" ? <Timestamp date={d.nextAttemptAt} never="—" /> : "—"}</td>
              <td className={cell}>
                {canRetry ? <RetryDeliveryButton webhookId={webhookId} delivery={d} /> : <span className="text-xs text-slate-500">Re-enable to send</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LastResponse({ code, error }: { code: number | null; error: string | null }) {
  if (code === null && error === null) return <span className="text-slate-500">—</span>;
  const status = code === null ? null : `HTTP ${code}`;
  return (
    <span>
      {status ? <span className="block font-mono text-xs">{status}</span> : null}
      {error && error !== status ? <span className="block text-xs text-red-800">{error}</span> : null}
    </span>
  );
}
