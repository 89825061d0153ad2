import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getViewer, homeOf } from "@/lib/dal/session";
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

/** Only same-site paths: an open redirect after sign-in is a phishing aid. */
function safeNext(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return "/";
  try {
    const url = new URL(v, "http://rolegate.invalid");
    return url.origin === "http://rolegate.invalid" ? `${url.pathname}${url.search}` : "/";
  } catch {
    return "/";
  }
}
