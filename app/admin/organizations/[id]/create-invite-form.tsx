"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { createInviteAction } from "@/lib/actions/invites/create-invite";

/** Invite a customer member by e-mail; the single-use link is shown here, once. */
export function CreateInviteForm({ organizationId }: { organizationId: string }) {
  const [state, action, pending] = useActionState(createInviteAction, {});
  return (
    <div className="space-y-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <form action={action} className="space-y-3" noValidate>
        <input type="hidden" name="organizationId" value={organizationId} />
        <FormMessage state={state} />
        <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
          <div className="flex-1">
            <Field label="Member's e-mail" name="email" type="email" required maxLength={254} defaultValue={state.ok ? "" : state.values?.email} errors={state.fieldErrors?.email} />
          </div>
          <Button type="submit" pending={pending} pendingLabel="Creating…" className="sm:mt-6">
            Create invite link
          </Button>
        </div>
      </form>
      {state.ok && state.data ? <CopyField id="invite-link" label="Invite link" value={state.data.link} /> : null}
    </div>
  );
}
