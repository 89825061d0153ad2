"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { PASSWORD_MAX } from "@/lib/schemas/password-rules";
import { SSO_PROVIDER_ID } from "@/lib/auth/sso-provider-id";
import {
  PASSWORD_SIGN_IN_OFF,
  SECOND_FACTOR_REQUIRED,
  SECOND_FACTOR_WRONG,
  SSO_ERROR_MESSAGES,
  TOO_MANY_ATTEMPTS,
  TOO_MANY_ATTEMPTS_MESSAGE,
} from "@/lib/auth/sign-in-errors";

const MESSAGES: Record<string, string> = {
  [TOO_MANY_ATTEMPTS]: TOO_MANY_ATTEMPTS_MESSAGE,
  [SECOND_FACTOR_WRONG]: "That code is not right, or it was already used. Enter the code your app shows now, or an unused recovery code.",
  [PASSWORD_SIGN_IN_OFF]: SSO_ERROR_MESSAGES[PASSWORD_SIGN_IN_OFF]!,
};

/**
 * E-mail and password through next-auth's credentials provider; for an account with two-factor
 * sign-in, a second step asks for the code (the e-mail and password are kept and sent again with it).
 * With single sign-on configured, partner admins can sign in through their organisation's provider.
 */
export function SignInForm({ next, sso, initialError }: { next: string; sso: { name: string } | null; initialError?: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [redirecting, setRedirecting] = useState(false);
  const [error, setError] = useState<string | undefined>(initialError);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [askCode, setAskCode] = useState(false);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setError(undefined);
    startTransition(async () => {
      const result = await signIn("credentials", {
        email,
        password,
        ...(askCode ? { code: String(data.get("code") ?? "") } : {}),
        redirect: false,
      }).catch(() => undefined);
      if (result?.ok && !result.error) {
        router.replace(next);
        router.refresh();
        return;
      }
      if (result?.error === SECOND_FACTOR_REQUIRED) {
        setAskCode(true);
        return;
      }
      if (!askCode || result?.error === TOO_MANY_ATTEMPTS) setAskCode(false);
      setError(
        result
          ? (MESSAGES[result.error ?? ""] ?? "Wrong e-mail or password.")
          : "Rolegate could not be reached. Check your connection and try again.",
      );
    });
  }

  const ssoButton = sso ? (
    <div className="space-y-4">
      <Button
        type="button"
        variant="secondary"
        className="w-full"
        pending={redirecting}
        pendingLabel={`Going to ${sso.name}…`}
        onClick={() => {
          setRedirecting(true);
          setError(undefined);
          signIn(SSO_PROVIDER_ID, { callbackUrl: next }).catch(() => {
            setRedirecting(false);
            setError("Rolegate could not be reached. Check your connection and try again.");
          });
        }}
      >
        Sign in with {sso.name}
      </Button>
      <p className="text-center text-xs text-slate-500">Partner admins of your organisation · or with e-mail and password below</p>
    </div>
  ) : null;

  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200" noValidate>
      {error ? <Alert tone="error">{error}</Alert> : <div aria-live="polite" />}
      {askCode ? null : ssoButton}
      {error === TOO_MANY_ATTEMPTS_MESSAGE && !askCode ? (
        // Past the account's limit, the password and a second factor together still get in.
        <button type="button" className="text-sm text-slate-700 underline" onClick={() => setAskCode(true)}>
          Two-factor authentication on? Sign in now with a code
        </button>
      ) : null}
      {askCode ? (
        <>
          <p className="text-sm text-slate-700">
            Two-factor authentication is on for <span className="font-medium break-all">{email}</span>.
          </p>
          <Field
            label="Authentication code"
            name="code"
            autoComplete="one-time-code"
            inputMode="text"
            autoFocus
            required
            maxLength={40}
            hint="The 6-digit code from your authenticator app, or one of your recovery codes."
          />
          <Button type="submit" pending={pending} pendingLabel="Checking…" className="w-full">
            Verify and sign in
          </Button>
          <button
            type="button"
            className="w-full text-sm text-slate-600 underline"
            onClick={() => {
              setAskCode(false);
              setPassword("");
              setError(undefined);
            }}
          >
            Use another account
          </button>
        </>
      ) : (
        <>
          <Field label="E-mail" name="email" type="email" autoComplete="username" required maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={PASSWORD_MAX}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <Button type="submit" pending={pending} pendingLabel="Signing in…" className="w-full">
            Sign in
          </Button>
        </>
      )}
    </form>
  );
}
