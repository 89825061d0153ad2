"use client";

import { useActionState } from "react";
import { ConfirmIdentityFields } from "@/components/confirm-identity-fields";
import { FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { createApiKeyAction } from "@/lib/actions/api-keys/create-api-key";
import type { IdentityCheck } from "@/lib/auth/identity-check";

const scopes = [
  { value: "write", label: "Write", hint: "Everything the API offers: reads, and creating, verifying, disconnecting and webhooks." },
  { value: "read", label: "Read", hint: "GET operations only: lists, details and the event log." },
] as const;

/** Name a new key and choose its scope; the key itself is shown here, once. */
export function CreateApiKeyForm({ check }: { check: IdentityCheck }) {
  const [state, action, pending] = useActionState(createApiKeyAction, {});
  const scope = state.ok ? "write" : (state.values?.scope ?? "write");
  const scopeErrors = state.fieldErrors?.scope ?? [];
  return (
    <div className="space-y-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <form action={action} aria-label="Create an API key" className="space-y-4" noValidate>
        <h2 className="font-semibold">New key</h2>
        <FormMessage state={state} />
        <Field
          label="Name"
          name="name"
          required
          maxLength={100}
          hint="What will use it, e.g. “Billing backend”. Shown in the list below."
          defaultValue={state.ok ? "" : state.values?.name}
          errors={state.fieldErrors?.name}
        />
        <fieldset className="space-y-2" aria-describedby={scopeErrors.length ? "scope-error" : undefined}>
          <legend className="text-sm font-medium text-slate-800">Scope</legend>
          {scopes.map((s) => (
            <label key={s.value} className="flex items-start gap-2 text-sm">
              <input type="radio" name="scope" value={s.value} defaultChecked={scope === s.value} className="mt-1" />
              <span>
                <span className="font-medium">{s.label}</span>
                <span className="block text-slate-600">{s.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <div id="scope-error" aria-live="polite" className="text-sm text-red-700">
          {scopeErrors.map((e) => <p key={e}>{e}</p>)}
        </div>
        <ConfirmIdentityFields check={check} errors={state.fieldErrors ?? {}} />
        <Button type="submit" pending={pending} pendingLabel="Creating…">Create API key</Button>
      </form>
      {state.ok && state.data ? (
        <div className="space-y-2 rounded-md bg-amber-50 p-4 ring-1 ring-amber-200">
          <CopyField id="api-key" label="API key" value={state.data.key} />
          <p className="text-sm text-amber-950">
            This is the only time the key is shown: Rolegate keeps only a hash of it. Store it where your software keeps its
            secrets. If it is lost, revoke it and create another.
          </p>
        </div>
      ) : null}
    </div>
  );
}
