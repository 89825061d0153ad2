import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { isDalError } from "@/lib/dal/errors";
import { limitInviteLookup } from "@/lib/dal/invite-limits";
import { previewInvite } from "@/lib/dal/invites";
import { requestClientAddress } from "@/lib/security/client-address";
import { AcceptInviteForm } from "./accept-invite-form";

export const metadata: Metadata = { title: "Accept invite", referrer: "no-referrer" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let invite: { email: string; organizationName: string };
  try {
    invite = await limitInviteLookup(await requestClientAddress(), () => previewInvite(token));
  } catch (error) {
    if (!isDalError(error)) throw error;
    return (
      <div className="mx-auto max-w-md space-y-4 pt-8">
        <h1 className="text-2xl font-bold tracking-tight">This invite cannot be used</h1>
        <Alert tone="error">{error.message}</Alert>
        <p className="text-sm text-slate-600">
          Already have an account? <Link href="/sign-in" className="font-medium text-indigo-700 underline">Sign in</Link>.
        </p>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-md space-y-6 pt-8">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Join <bdi>{invite.organizationName}</bdi> on Rolegate</h1>
        <p className="mt-1 text-sm text-slate-600">
          You were invited as <span className="font-medium text-slate-900"><bdi>{invite.email}</bdi></span>. Choose your name and a password.
        </p>
      </div>
      <AcceptInviteForm token={token} email={invite.email} />
    </div>
  );
}
