import { useId } from "react";
import { Field } from "@/components/ui/field";
import { PASSWORD_MAX } from "@/lib/schemas/password-rules";

/**
 * What a dangerous action asks for again (lib/auth/confirm-identity.ts): the password, and a code
 * when the account has two-factor sign-in.
 */
export function ConfirmIdentityFields({ mfa, errors }: { mfa: boolean; errors: Record<string, string[] | undefined> }) {
  // Ids of its own: a page may hold several forms that ask (e.g. new recovery codes, and turning it off).
  const id = useId();
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
