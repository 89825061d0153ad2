"use client";

import { useActionState } from "react";
import { ConfirmIdentityFields } from "@/components/confirm-identity-fields";
import { FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { confirmMfaEnrolmentAction, disableMfaAction, regenerateRecoveryCodesAction, startMfaEnrolmentAction } from "@/lib/actions/account/mfa";

const card = "space-y-4 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200";

/** Off: the password, then a QR code to scan. */
export function StartEnrolmentForm() {
  const [state, action, pending] = useActionState(startMfaEnrolmentAction, {});
  return (
    <form action={action} className={card} aria-label="Turn on two-factor authentication" noValidate>
      <h2 className="text-lg font-semibold">Turn on two-factor authentication</h2>
      <FormMessage state={state} />
      <ConfirmIdentityFields check={{ mfa: false, sso: null }} errors={state.fieldErrors ?? {}} />
      <Button type="submit" pending={pending} pendingLabel="Starting…" className="w-full">
        Set up an authenticator app
      </Button>
    </form>
  );
}

/** Enrolment: the code the app shows; then the recovery codes, this once. */
export function EnrolmentConfirmForm() {
  const [state, action, pending] = useActionState(confirmMfaEnrolmentAction, {});
  if (state.ok && state.data) return <RecoveryCodes codes={state.data.recoveryCodes} title="Two-factor authentication is on" />;
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <Field
        label="Code from the app"
        name="code"
        autoComplete="one-time-code"
        inputMode="numeric"
        required
        maxLength={7}
        hint="6 digits; a new one every 30 seconds."
        errors={state.fieldErrors?.code}
      />
      <Button type="submit" pending={pending} pendingLabel="Checking…" className="w-full">
        Turn on
      </Button>
    </form>
  );
}

/** On: new recovery codes, or off; each asks for the password and a code. */
export function MfaOnForms() {
  const [codes, regenerate, regenerating] = useActionState(regenerateRecoveryCodesAction, {});
  const [off, disable, disabling] = useActionState(disableMfaAction, {});
  if (codes.ok && codes.data) return <RecoveryCodes codes={codes.data.recoveryCodes} title="New recovery codes" />;
  return (
    <div className="space-y-6">
      <form action={regenerate} className={card} aria-label="Make new recovery codes" noValidate>
        <h3 className="font-semibold">New recovery codes</h3>
        <p className="text-sm text-slate-600">The codes you have now stop working.</p>
        <FormMessage state={codes} />
        <ConfirmIdentityFields check={{ mfa: true, sso: null }} errors={codes.fieldErrors ?? {}} />
        <Button type="submit" variant="secondary" pending={regenerating} pendingLabel="Making codes…">
          Make new recovery codes
        </Button>
      </form>
      <form action={disable} className={card} aria-label="Turn off two-factor authentication" noValidate>
        <h3 className="font-semibold">Turn off two-factor authentication</h3>
        <p className="text-sm text-slate-600">Signing in will take your password alone. Your recovery codes are deleted.</p>
        <FormMessage state={off} />
        <ConfirmIdentityFields check={{ mfa: true, sso: null }} errors={off.fieldErrors ?? {}} />
        <Button type="submit" variant="danger" pending={disabling} pendingLabel="Turning off…">
          Turn off
        </Button>
      </form>
    </div>
  );
}

/** Recovery codes, shown once: each signs in once in place of a code from the app. */
function RecoveryCodes({ codes, title }: { codes: string[]; title: string }) {
  const text = codes.join("\n");
  return (
    <div className={card} role="status">
      <h2 className="text-lg font-semibold">{title}</h2>
      <p className="text-sm text-slate-700">
        Save these recovery codes somewhere safe, such as your password manager. Each signs you in once if you lose your authenticator app. They are
        shown only now.
      </p>
      <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-2 font-mono text-sm">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <div className="flex flex-wrap items-center gap-3">
        <CopyButton value={text} label="Copy recovery codes" />
        <a href="/account/security" className="text-sm font-medium text-slate-800 underline">
          I have saved them
        </a>
      </div>
    </div>
  );
}
