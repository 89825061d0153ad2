"use client";

import { useActionState, useEffect } from "react";
import { ConfirmIdentityFields } from "@/components/confirm-identity-fields";
import { FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { startOrgSsoLinkAction, startSsoLinkAction } from "@/lib/actions/account/sso-link";
import type { IdentityCheck } from "@/lib/auth/identity-check";
import { startSso } from "@/lib/auth/start-sso";

/** Links single sign-on to this account (the partner's for admins, the organisation's for members): confirm it is you, then sign in with the provider. */
export function SsoLinkForm({ name, providerId, check, forMember }: { name: string; providerId: string; check: IdentityCheck; forMember: boolean }) {
  const [state, action, pending] = useActionState(forMember ? startOrgSsoLinkAction : startSsoLinkAction, {});
  useEffect(() => {
    // The provider is asked to check the person now: the identity linked is the one signing in there.
    if (state.ok) void startSso(providerId, "/account/security", { prompt: "login" });
  }, [state, providerId]);
  return (
    <form action={action} className="space-y-4 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200" aria-label={`Link ${name}`} noValidate>
      <h3 className="font-semibold">Link {name}</h3>
      <p className="text-sm text-slate-600">Then you can sign in to this account with {name}. You will be sent there to sign in.</p>
      <FormMessage state={state} />
      <ConfirmIdentityFields check={check} errors={state.fieldErrors ?? {}} />
      <Button type="submit" variant="secondary" pending={pending || state.ok === true} pendingLabel={`Going to ${name}…`}>
        Link {name}
      </Button>
    </form>
  );
}
