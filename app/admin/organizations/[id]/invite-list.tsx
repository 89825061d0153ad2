"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { revokeInviteAction } from "@/lib/actions/invites/revoke-invite";
import type { InviteSummary } from "@/lib/dal/invites";
import { cn } from "@/lib/cn";

const badge: Record<InviteSummary["state"], string> = {
  pending: "bg-sky-50 text-sky-800 ring-sky-200",
  accepted: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  revoked: "bg-slate-100 text-slate-700 ring-slate-200",
  expired: "bg-amber-50 text-amber-800 ring-amber-200",
};

/** The organisation's invites with their state; pending ones can be revoked. */
export function InviteList({ organizationId, invites }: { organizationId: string; invites: InviteSummary[] }) {
  const [state, action, pending] = useActionState(revokeInviteAction, {});
  if (invites.length === 0) return null;
  return (
    <div className="space-y-2">
      <FormMessage state={state} />
      <ul className="divide-y divide-slate-100 rounded-lg bg-white text-sm shadow-sm ring-1 ring-slate-200">
        {invites.map((invite) => (
          <li key={invite.id} className="flex items-center justify-between gap-3 px-4 py-2">
            <bdi className="min-w-0 truncate">{invite.email}</bdi>
            <span className="flex items-center gap-3">
              <span className="text-xs text-slate-500">expires {invite.expiresAt.toISOString().slice(0, 10)}</span>
              <span className={cn("rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", badge[invite.state])}>{invite.state}</span>
              {invite.state === "pending" ? (
                <form action={action}>
                  <input type="hidden" name="inviteId" value={invite.id} />
                  <input type="hidden" name="organizationId" value={organizationId} />
                  <Button type="submit" variant="danger" pending={pending} aria-label={`Revoke invite for ${invite.email}`}>
                    Revoke
                  </Button>
                </form>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
