"use client";

import { useRouter } from "next/navigation";
import { useActionState, useState } from "react";
import { FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { disconnectConnectionAction } from "@/lib/actions/admin/disconnect-connection";
import { verifyConnectionAction } from "@/lib/actions/connections/verify-connection";

/**
 * A table row's actions in a menu, so the row stays one line. It opens in place (never clipped by the
 * table's scroll box), and its buttons are made only when it opens: a page of 50 rows does not carry
 * 100 buttons no one has asked for.
 */
export function RowActionsMenu({ connectionId, accountId }: { connectionId: string; accountId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="group" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className="flex cursor-pointer list-none items-center gap-1 rounded-md px-2.5 py-1 text-xs font-semibold text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 [&::-webkit-details-marker]:hidden">
        Actions<span className="sr-only"> for account {accountId}</span>
        <span aria-hidden="true" className="transition-transform group-open:rotate-180">▾</span>
      </summary>
      {open ? (
        <div className="mt-1.5 flex flex-col items-start gap-1.5">
          <ReverifyButton connectionId={connectionId} accountId={accountId} />
          <DisconnectButton connectionId={connectionId} accountId={accountId} />
        </div>
      ) : null}
    </details>
  );
}

/** A compact live re-verify for a table row: the outcome in one line, then the row refreshes. */
export function ReverifyButton({ connectionId, accountId }: { connectionId: string; accountId: string }) {
  const router = useRouter();
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<string>();
  async function run() {
    setRunning(true);
    setOutcome(undefined);
    try {
      const reader = (await verifyConnectionAction({ connectionId, trigger: "manual" })).getReader();
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        const event = next.value;
        if (event.type === "done") setOutcome(event.result.failure ? `${event.result.status}: ${event.result.failure.title}` : "Verified");
        else if (event.type === "refused") setOutcome(event.message);
      }
    } catch {
      setOutcome("Rolegate could not be reached, so the check did not finish.");
    } finally {
      setRunning(false);
      router.refresh();
    }
  }
  return (
    <div className="space-y-1">
      <Button type="button" variant="secondary" onClick={run} pending={running} pendingLabel="Verifying…" aria-label={`Re-verify account ${accountId}`} className="px-2.5 py-1 text-xs">
        Re-verify
      </Button>
      <p role="status" className="max-w-48 text-xs text-slate-700">{outcome}</p>
    </div>
  );
}

/** "Disconnect", then an explicit confirmation naming the account. */
export function DisconnectButton({ connectionId, accountId }: { connectionId: string; accountId: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useActionState(disconnectConnectionAction, {});
  if (!confirming || state.ok) {
    return (
      <div className="space-y-1">
        <Button type="button" variant="danger" onClick={() => setConfirming(true)} aria-label={`Disconnect account ${accountId}`} className="px-2.5 py-1 text-xs" disabled={state.ok}>
          Disconnect
        </Button>
        {state.ok ? <FormMessage state={state} /> : null}
      </div>
    );
  }
  return (
    <form action={action} className="space-y-1 text-xs" aria-label={`Confirm disconnecting account ${accountId}`}>
      <input type="hidden" name="connectionId" value={connectionId} />
      <p>Stop using this role for account {accountId}?</p>
      <div className="flex gap-1">
        <Button type="submit" variant="danger" pending={pending} pendingLabel="Disconnecting…" className="px-2.5 py-1 text-xs">Yes, disconnect</Button>
        <Button type="button" variant="secondary" onClick={() => setConfirming(false)} className="px-2.5 py-1 text-xs">Cancel</Button>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
