"use client";

import { useActionState, useState } from "react";
import { BulkStartConfirmation } from "@/components/bulk-confirmation";
import { FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { startBulkVerificationAction } from "@/lib/actions/admin/start-bulk-verification";

const choices = [
  { value: "failed", label: "Every failed connection", hint: "Connections whose last check failed." },
  { value: "all", label: "Every connection", hint: "All connections that are not disconnected. With many customers this takes a while." },
] as const;

/**
 * Starts a bulk re-verification and, on success, lands on its progress page. Given
 * `connectionIds` (a selection), it re-verifies exactly those; otherwise the admin picks a scope.
 */
export function BulkVerificationForm({ connectionIds }: { connectionIds?: readonly string[] }) {
  const [state, action, pending] = useActionState(startBulkVerificationAction, {});
  const selection = connectionIds !== undefined;
  const errors = [...(state.fieldErrors?.scope ?? []), ...(state.fieldErrors?.connectionId ?? [])];
  const [dismissed, setDismissed] = useState<typeof state | null>(null);
  if (state.data && dismissed !== state) return <BulkStartConfirmation confirm={state.data} action={action} pending={pending} onCancel={() => setDismissed(state)} />;
  return (
    <form action={action} aria-label="Start a bulk re-verification" className="space-y-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200" noValidate>
      <h2 className="font-semibold">New bulk re-verification</h2>
      <FormMessage state={state} />
      {selection ? (
        <>
          <input type="hidden" name="scope" value="selection" />
          {connectionIds.map((id) => (
            <input key={id} type="hidden" name="connectionId" value={id} />
          ))}
        </>
      ) : (
        <fieldset className="space-y-2" aria-describedby={errors.length ? "bulk-scope-error" : undefined}>
          <legend className="text-sm font-medium text-slate-800">What to re-verify</legend>
          {choices.map((c) => (
            <label key={c.value} className="flex items-start gap-2 text-sm">
              <input type="radio" name="scope" value={c.value} defaultChecked={(state.values?.scope ?? "failed") === c.value} className="mt-1" />
              <span>
                <span className="font-medium">{c.label}</span>
                <span className="block text-slate-600">{c.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <div id="bulk-scope-error" aria-live="polite" className="text-sm text-red-700">
        {errors.map((e) => <p key={e}>{e}</p>)}
      </div>
      <Button type="submit" pending={pending} pendingLabel="Starting…" disabled={selection && connectionIds.length === 0}>
        {selection ? `Re-verify ${connectionIds.length} selected` : "Start re-verification"}
      </Button>
    </form>
  );
}
