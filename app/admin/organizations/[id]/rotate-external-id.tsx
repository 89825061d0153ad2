"use client";

import { useActionState, useState } from "react";
import { ConfirmIdentityFields } from "@/components/confirm-identity-fields";
import { FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { rotateExternalIdAction } from "@/lib/actions/admin/rotate-external-id";
import type { IdentityCheck } from "@/lib/auth/identity-check";

/** "Rotate External ID", then a confirmation that says what rotation does and does not change. */
export function RotateExternalId({ organizationId, check }: { organizationId: string; check: IdentityCheck }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useActionState(rotateExternalIdAction, {});
  if (!confirming || state.ok) {
    return (
      <div className="space-y-2">
        <FormMessage state={state} />
        <Button type="button" variant="secondary" onClick={() => setConfirming(true)}>Rotate External ID</Button>
      </div>
    );
  }
  return (
    <form action={action} className="space-y-2 rounded-md bg-amber-50 p-3 text-sm text-amber-950" aria-label="Confirm External ID rotation">
      <input type="hidden" name="organizationId" value={organizationId} />
      <p>
        Issue a new External ID? New stacks will use it. Existing connections keep working with their current ID until the
        customer updates each stack; they will be asked to.
      </p>
      <ConfirmIdentityFields check={check} errors={state.fieldErrors ?? {}} />
      <div className="flex gap-2">
        <Button type="submit" pending={pending} pendingLabel="Rotating…">Yes, issue a new External ID</Button>
        <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>Cancel</Button>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
