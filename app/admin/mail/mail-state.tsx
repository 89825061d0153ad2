import { cn } from "@/lib/cn";

const badge = {
  sent: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  pending: "bg-sky-50 text-sky-800 ring-sky-200",
  kept: "bg-slate-100 text-slate-700 ring-slate-200",
  failed: "bg-red-50 text-red-800 ring-red-200",
} as const;

/** A message's state as a badge: sent, pending (retrying), kept (no SMTP server), or failed. */
export function MailState({ status, smtp }: { status: "pending" | "sent" | "failed"; smtp: boolean }) {
  const state = status === "pending" && !smtp ? "kept" : status;
  const label = { sent: "sent", pending: "pending", kept: "kept (not sent)", failed: "failed" }[state];
  return <span className={cn("inline-flex rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset", badge[state])}>{label}</span>;
}
