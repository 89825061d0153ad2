"use client";

import { useActionState, useState } from "react";
import { FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { revokeRegistrationTokenAction } from "@/lib/actions/admin/revoke-registration-token";

/** "Revoke and issue a new one", then a confirmation that says what revoking does. */
export function RevokeRegistrationLink({ organizationId }: { organizationId: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useActionState(revokeRegistrationTokenAction, {});
  if (!confirming || state.ok) {
    return (
      <div className="space-y-2">
        <FormMessage state={state} />
        <Button type="button" variant="secondary" onClick={() => setConfirming(true)}>Revoke and issue a new one</Button>
      </div>
    );
  }
  return (
    <form action={action} className="space-y-2 rounded-md bg-amber-50 p-3 text-sm text-amber-950" aria-label="Confirm revoking the registration link">
      <input type="hidden" name="organizationId" value={organizationId} />
      <p>
        Revoke the registration link? A stack launched from an older link will fail with a message telling the customer to launch
        again from the onboarding page. Connections already registered are not affected.
      </p>
      <div className="flex gap-2">
        <Button type="submit" pending={pending} pendingLabel="Revoking…">Yes, revoke and issue a new one</Button>
        <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>Cancel</Button>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
