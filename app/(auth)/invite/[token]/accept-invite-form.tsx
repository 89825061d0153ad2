"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { acceptInviteAction } from "@/lib/actions/auth/accept-invite";
import type { FormState } from "@/lib/actions/form-state";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/schemas/password-rules";

/** Creates the member's account, then signs in with the password just chosen. */
export function AcceptInviteForm({ token, email }: { token: string; email: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [state, setState] = useState<FormState<{ email: string }>>({});

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await acceptInviteAction(state, data);
      setState(result);
      if (!result.ok) return;
      const signedIn = await signIn("credentials", { email, password: String(data.get("password")), redirect: false });
      if (signedIn?.ok && !signedIn.error) {
        router.replace("/onboarding");
        router.refresh();
      } else {
        router.replace("/sign-in");
      }
    });
  }

  const errors = state.fieldErrors ?? {};
  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      <Field label="Your name" name="name" autoComplete="name" required maxLength={100} defaultValue={state.values?.name} errors={errors.name} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN}
        maxLength={PASSWORD_MAX}
        hint={`At least ${PASSWORD_MIN} characters.`}
        errors={errors.password}
      />
      <Field label="Confirm password" name="confirm" type="password" autoComplete="new-password" required maxLength={PASSWORD_MAX} errors={errors.confirm} />
      <Button type="submit" pending={pending} pendingLabel="Creating your account…" className="w-full">
        Create account
      </Button>
    </form>
  );
}
