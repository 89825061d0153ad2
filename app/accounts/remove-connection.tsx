"use client";

import { useActionState, useState } from "react";
import { FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { removeConnectionAction } from "@/lib/actions/connections/remove-connection";

/** "Remove", then an explicit confirmation before the connection is disconnected. */
export function RemoveConnection({ connectionId, accountId }: { connectionId: string; accountId: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useActionState(removeConnectionAction, {});
  if (!confirming) {
    return (
      <Button type="button" variant="danger" onClick={() => setConfirming(true)} aria-label={`Remove account ${accountId}`}>
        Remove
      </Button>
    );
  }
  return (
    <form action={action} className="flex flex-wrap items-center gap-2 text-sm">
      <FormMessage state={state} />
      <input type="hidden" name="connectionId" value={connectionId} />
      <span>Stop using this role for account {accountId}?</span>
      <Button type="submit" variant="danger" pending={pending} pendingLabel="Removing…">
        Yes, remove
      </Button>
      <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
        Cancel
      </Button>
    </form>
  );
}
