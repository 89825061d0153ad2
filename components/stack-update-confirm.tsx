"use client";

import { useActionState, type ReactNode } from "react";
import { FailureExplanation } from "@/components/failure-explanation";
import { Alert, FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { confirmStackUpdateAction } from "@/lib/actions/connections/confirm-stack-update";

/**
 * The stack-update notice's instructions and its "I've updated the stack" button, which checks the
 * role with the new External ID and switches only if it works. Once switched, the notice gives way
 * to the confirmation (the page is not re-rendered under the customer's eyes; the next visit has no notice).
 */
export function StackUpdateConfirm({ connectionId, accountId, children }: { connectionId: string; accountId: string; children: ReactNode }) {
  const [state, action, pending] = useActionState(confirmStackUpdateAction, {});
  if (state.ok) return <Alert tone="success" title="External ID updated">{state.message}</Alert>;
  const failure = state.data?.failure ? state.data : undefined;
  return (
    <section aria-label={`New External ID for account ${accountId}`} className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
      {children}
      <form action={action} className="space-y-2">
        <input type="hidden" name="connectionId" value={connectionId} />
        <Button type="submit" pending={pending} pendingLabel="Checking the new External ID…" aria-label={`I've updated the stack for account ${accountId}`}>
          I&apos;ve updated the stack
        </Button>
        {pending ? <p aria-live="polite" className="text-xs">AWS can take up to a minute to apply a stack update; we keep trying meanwhile.</p> : null}
        <FormMessage state={state} />
        {failure?.failure ? <FailureExplanation status={failure.status} failure={failure.failure} checks={failure.checks} /> : null}
      </form>
    </section>
  );
}
