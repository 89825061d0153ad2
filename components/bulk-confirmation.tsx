"use client";

import type { BulkConfirmation } from "@/lib/actions/admin/start-bulk-verification";
import { BULK_SETTINGS } from "@/lib/jobs/settings";
import { counted, formatCount } from "@/lib/numbers";
import { Button } from "./ui/button";

/** "20 seconds", "7 minutes", "2 hours 47 minutes": the least time a job takes, rounded up. */
export function roughDuration(seconds: number): string {
  if (seconds < 60) return counted(Math.max(1, seconds), "second");
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return counted(minutes, "minute");
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? counted(hours, "hour") : `${counted(hours, "hour")} ${counted(rest, "minute")}`;
}

/**
 * The question asked before a job over every failed connection, or every connection, starts: its
 * exact size and the least time it takes at the STS budget. Its own form: confirming sends the same
 * scope again with `confirmed=yes`; the other buttons on the page never carry that.
 */
export function BulkStartConfirmation({ confirm, action, pending, onCancel }: { confirm: BulkConfirmation; action: (formData: FormData) => void; pending: boolean; onCancel: () => void }) {
  const what = confirm.scope === "failed" ? counted(confirm.count, "failed connection") : counted(confirm.count, "connection");
  const perSecond = BULK_SETTINGS.stsCallsPerSecond / BULK_SETTINGS.callsPerVerification;
  return (
    <form action={action} aria-label="Confirm the bulk re-verification" className="space-y-3 rounded-lg bg-amber-50 p-4 text-sm text-amber-950 ring-1 ring-amber-200">
      <input type="hidden" name="scope" value={confirm.scope} />
      <input type="hidden" name="confirmed" value="yes" />
      <p role="status">
        Re-verify <strong>all {what}</strong>? At the STS budget Rolegate keeps for bulk work
        ({formatCount(perSecond)} verifications a second, shared with scheduled checks) this takes at least <strong>{roughDuration(confirm.seconds)}</strong>.
        Customers&apos; statuses change as their checks finish.
      </p>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" pending={pending} pendingLabel="Starting…">
          Start re-verifying {formatCount(confirm.count)}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
