import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { requireViewer } from "@/lib/auth/session";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Change password" };

export default async function ChangePasswordPage() {
  const viewer = await requireViewer({ allowPasswordChange: true });
  return (
    <div className="mx-auto max-w-md space-y-6 pt-4">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">Change your password</h1>
        <p className="text-sm text-slate-600">This signs you out on every other device and browser; you stay signed in here.</p>
      </div>
      {viewer.passwordChangeRequired ? (
        <Alert tone="warning" title="Choose your own password">
          You signed in with a one-time password. Choose a new password to continue.
        </Alert>
      ) : null}
      <ChangePasswordForm home={viewer.role === "admin" ? "/admin" : "/onboarding"} />
    </div>
  );
}
