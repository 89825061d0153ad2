import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getViewer, homeOf } from "@/lib/auth/session";
import { SSO_ERROR_MESSAGES } from "@/lib/auth/sign-in-errors";
import { getConfig } from "@/lib/config";
import { safeNext } from "@/lib/security/safe-next";
import { CompanySsoForm } from "./company-sso-form";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[]; error?: string | string[] }> }) {
  const viewer = await getViewer();
  if (viewer) redirect(homeOf(viewer));
  const { callbackUrl, error } = await searchParams;
  const sso = getConfig().oidc;
  // Only known codes are shown: the query string is anyone's to write.
  const ssoError = typeof error === "string" && Object.hasOwn(SSO_ERROR_MESSAGES, error) ? SSO_ERROR_MESSAGES[error] : undefined;
  return (
    <div className="mx-auto max-w-sm space-y-6 pt-8">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Sign in to Rolegate</h1>
        <p className="mt-1 text-sm text-slate-600">Customers get their first sign-in from an invite link.</p>
      </div>
      <SignInForm next={safeNext(callbackUrl)} sso={sso ? { name: sso.name } : null} initialError={ssoError} />
      <CompanySsoForm next={safeNext(callbackUrl)} />
    </div>
  );
}
