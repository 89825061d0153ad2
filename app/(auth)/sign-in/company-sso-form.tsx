"use client";

import { useActionState, useEffect, useState } from "react";
import { FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { findCompanySsoAction } from "@/lib/actions/auth/find-company-sso";
import { startSso } from "@/lib/auth/start-sso";

/** Customers whose organisation has its own single sign-on: a work e-mail finds it, then the browser goes there. */
export function CompanySsoForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState(findCompanySsoAction, {});
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState(false);
  const providerId = state.ok ? state.data?.providerId : undefined;
  useEffect(() => {
    if (providerId) startSso(providerId, next).catch(() => setFailed(true));
  }, [providerId, next]);
  if (!open) {
    return (
      <Button type="button" variant="secondary" className="w-full" onClick={() => setOpen(true)}>
        Sign in with your company&apos;s single sign-on
      </Button>
    );
  }
  return (
    <form action={action} className="space-y-4 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200" aria-label="Company single sign-on" noValidate>
      <h2 className="font-semibold">Sign in with your company&apos;s single sign-on</h2>
      {failed ? <FormMessage state={{ ok: false, message: "Rolegate could not be reached. Check your connection and try again." }} /> : <FormMessage state={state.ok ? {} : state} />}
      <Field
        id="company-sso-email"
        label="Work e-mail"
        name="email"
        type="email"
        autoComplete="email"
        required
        maxLength={254}
        autoFocus
        defaultValue={state.values?.email}
        errors={state.fieldErrors?.email}
      />
      <Button type="submit" variant="secondary" className="w-full" pending={pending || (Boolean(providerId) && !failed)} pendingLabel="Going to your company's sign-in…">
        Continue with single sign-on
      </Button>
    </form>
  );
}
