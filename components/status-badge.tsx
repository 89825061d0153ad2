import type { ConnectionStatus } from "@/lib/dal/connections";
import { cn } from "@/lib/cn";

const styles: Record<ConnectionStatus, string> = {
  verified: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  pending: "bg-sky-50 text-sky-800 ring-sky-200",
  failed: "bg-red-50 text-red-800 ring-red-200",
  insecure: "bg-orange-50 text-orange-900 ring-orange-300",
  disconnected: "bg-slate-100 text-slate-700 ring-slate-200",
};

/** A connection's status, as a labelled pill. */
export function StatusBadge({ status }: { status: ConnectionStatus }) {
  return (
    <span className={cn("inline-flex rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset", styles[status])} data-status={status}>
      {status}
    </span>
  );
}
