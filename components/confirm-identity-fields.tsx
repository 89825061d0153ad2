"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { IdentityCheck } from "@/lib/auth/identity-check";
import { startSso } from "@/lib/auth/start-sso";
import { PASSWORD_MAX } from "@/lib/schemas/password-rules";

/**
 * What a dangerous action asks for again (lib/auth/confirm-identity.ts): the password, and a code
 * when the account has two-factor sign-in; after single sign-on, a sign-in with the provider in the
 * last few minutes, which a button here makes afresh.
 */
export function ConfirmIdentityFields({ check, errors }: { check: IdentityCheck; errors: Record<string, string[] | undefined> }) {
  // Ids of its own: a page may hold several forms that ask (e.g. new recovery codes, and turning it off).
  const id = useId();
  const [leaving, setLeaving] = useState(false);
  if (check.sso) {
    const { name, fresh, providerId } = check.sso;
    return (
      <fieldset className="space-y-3 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
        <legend className="sr-only">Confirm it is you</legend>
        {fresh ? (
          <p className="text-xs text-slate-600">You signed in with {name} in the last few minutes: that confirms it is you.</p>
        ) : (
          <>
            <p className="text-xs text-slate-600">Confirm it is you: sign in with {name} again, then come back to this page and try again.</p>
            <Button
              type="button"
              variant="secondary"
              pending={leaving}
              pendingLabel={`Going to ${name}…`}
              onClick={() => {
                setLeaving(true);
                // The provider is asked to check the person now, whatever session it holds.
                startSso(providerId, window.location.href, { prompt: "login", max_age: "0" }).catch(() => setLeaving(false));
              }}
            >
              Sign in again with {name}
            </Button>
          </>
        )}
      </fieldset>
    );
  }
  const { mfa } = check;
  return (
    <fieldset className="space-y-3 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
      <legend className="sr-only">Confirm it is you</legend>
      <p className="text-xs text-slate-600">Confirm it is you{mfa ? " with your password and a code from your authenticator app" : " with your password"}.</p>
      <Field id={`${id}-password`} label="Your password" name="currentPassword" type="password" autoComplete="current-password" required maxLength={PASSWORD_MAX} errors={errors.currentPassword} />
      {mfa ? (
        <Field
          id={`${id}-code`}
          label="Authentication code"
          name="currentCode"
          autoComplete="one-time-code"
          required
          maxLength={40}
          hint="From your authenticator app, or a recovery code."
          errors={errors.currentCode}
        />
      ) : null}
    </fieldset>
  );
}
