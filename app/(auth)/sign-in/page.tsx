import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getViewer, homeOf } from "@/lib/auth/session";
import { safeNext } from "@/lib/security/safe-next";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const viewer = await getViewer();
  if (viewer) redirect(homeOf(viewer));
  const { callbackUrl } = await searchParams;
  return (
    <div className="mx-auto max-w-sm space-y-6 pt-8">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Sign in to Rolegate</h1>
        <p className="mt-1 text-sm text-slate-600">Customers get their first sign-in from an invite link.</p>
      </div>
      <SignInForm next={safeNext(callbackUrl)} />
    </div>
  );
}
