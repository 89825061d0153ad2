"use client";

import { useActionState, useState } from "react";
import { BulkStartConfirmation } from "@/components/bulk-confirmation";
import { FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { startBulkVerificationAction } from "@/lib/actions/admin/start-bulk-verification";

/** The bulk re-verify form; the table's row checkboxes belong to it through `form="bulk-verify"`. */
export function BulkActions() {
  const [state, action, pending] = useActionState(startBulkVerificationAction, {});
  const [dismissed, setDismissed] = useState<typeof state | null>(null);
  const confirm = state.data && dismissed !== state ? state.data : undefined;
  return (
    <div className="space-y-2">
      <form id="bulk-verify" action={action} aria-label="Re-verify in bulk" className="space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" name="scope" value="selection" pending={pending}>Re-verify selected</Button>
          <span className="mx-1 h-5 w-px bg-slate-300" aria-hidden="true" />
          <Button type="submit" name="scope" value="failed" variant="secondary" pending={pending}>Re-verify all failed…</Button>
          <Button type="submit" name="scope" value="all" variant="secondary" pending={pending}>Re-verify all…</Button>
        </div>
        {confirm ? null : <FormMessage state={state} />}
      </form>
      {confirm ? <BulkStartConfirmation confirm={confirm} action={action} pending={pending} onCancel={() => setDismissed(state)} /> : null}
    </div>
  );
}

/** Selects or clears every row checkbox on the page. */
export function SelectAll() {
  return (
    <input
      type="checkbox"
      aria-label="Select every connection on this page"
      onChange={(e) => {
        const boxes = document.querySelectorAll<HTMLInputElement>('input[type="checkbox"][name="connectionId"][form="bulk-verify"]');
        for (const box of boxes) box.checked = e.currentTarget.checked;
      }}
    />
  );
}
