"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { changePasswordAction } from "@/lib/actions/auth/change-password";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/schemas/password-rules";

/** Current password, then the new one twice. */
export function ChangePasswordForm({ home }: { home: string }) {
  const router = useRouter();
  const [state, action, pending] = useActionState(changePasswordAction, {});
  useEffect(() => {
    if (state.ok) {
      router.replace(home);
      router.refresh();
    }
  }, [state.ok, home, router]);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200" noValidate>
      <FormMessage state={state} />
      <Field label="Current password" name="current" type="password" autoComplete="current-password" required maxLength={PASSWORD_MAX} errors={errors.current} />
      <Field label="New password" name="password" type="password" autoComplete="new-password" required minLength={PASSWORD_MIN} maxLength={PASSWORD_MAX} hint={`At least ${PASSWORD_MIN} characters.`} errors={errors.password} />
      <Field label="Confirm new password" name="confirm" type="password" autoComplete="new-password" required maxLength={PASSWORD_MAX} errors={errors.confirm} />
      <Button type="submit" pending={pending} pendingLabel="Saving…" className="w-full">
        Change password
      </Button>
    </form>
  );
}
