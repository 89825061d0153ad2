"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { PASSWORD_MAX } from "@/lib/schemas/password-rules";
import { TOO_MANY_ATTEMPTS, TOO_MANY_ATTEMPTS_MESSAGE } from "@/lib/auth/sign-in-errors";

/** E-mail and password through next-auth's credentials provider. */
export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const [email, setEmail] = useState("");

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setError(undefined);
    startTransition(async () => {
      const result = await signIn("credentials", {
        email: String(data.get("email") ?? ""),
        password: String(data.get("password") ?? ""),
        redirect: false,
      }).catch(() => undefined);
      if (result?.ok && !result.error) {
        router.replace(next);
        router.refresh();
        return;
      }
      setError(
        result?.error === TOO_MANY_ATTEMPTS
          ? TOO_MANY_ATTEMPTS_MESSAGE
          : result
            ? "Wrong e-mail or password."
            : "Rolegate could not be reached. Check your connection and try again.",
      );
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200" noValidate>
      {error ? <Alert tone="error">{error}</Alert> : <div aria-live="polite" />}
      <Field label="E-mail" name="email" type="email" autoComplete="username" required maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required maxLength={PASSWORD_MAX} />
      <Button type="submit" pending={pending} pendingLabel="Signing in…" className="w-full">
        Sign in
      </Button>
    </form>
  );
}
