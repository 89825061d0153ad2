"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { updateMailPreferencesAction } from "@/lib/actions/account/update-mail-preferences";
import type { MailPreferences } from "@/lib/dal/mail-preferences";

type Choice = { name: keyof MailPreferences; label: string; hint: string };

/** One checkbox per kind of mail the person may turn off (or, for admins' status changes, on). */
export function MailPreferencesForm({ preferences, choices }: { preferences: MailPreferences; choices: Choice[] }) {
  const [state, action, pending] = useActionState(updateMailPreferencesAction, {});
  return (
    <form action={action} className="space-y-4 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200" noValidate>
      <FormMessage state={state} />
      <fieldset className="space-y-4">
        <legend className="text-sm font-medium text-slate-800">Send me</legend>
        {choices.map((c) => (
          <div key={c.name} className="flex gap-3">
            <input id={`pref-${c.name}`} type="checkbox" name={c.name} defaultChecked={preferences[c.name]} aria-describedby={`pref-${c.name}-hint`} className="mt-1 size-4" />
            <div>
              <label htmlFor={`pref-${c.name}`} className="text-sm font-medium text-slate-900">{c.label}</label>
              <p id={`pref-${c.name}-hint`} className="text-xs text-slate-500">{c.hint}</p>
            </div>
          </div>
        ))}
      </fieldset>
      {/* Choices this role does not have are kept as they are. */}
      {(["statusChanges", "rotationNotices", "digest"] as const)
        .filter((name) => !choices.some((c) => c.name === name) && preferences[name])
        .map((name) => <input key={name} type="hidden" name={name} value="on" />)}
      <Button type="submit" pending={pending} pendingLabel="Saving…">Save</Button>
    </form>
  );
}
