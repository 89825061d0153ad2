"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { enableWebhookAction } from "@/lib/actions/webhooks/enable-webhook";
import { cn } from "@/lib/cn";

/** Re-enables an endpoint that was disabled for failing; says what it does not do (resend what it missed). */
export function EnableWebhookButton({ webhookId, url }: { webhookId: string; url: string }) {
  const [state, action, pending] = useActionState(enableWebhookAction, {});
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="webhookId" value={webhookId} />
      <Button type="submit" variant="secondary" pending={pending} pendingLabel="Enabling…" aria-label={`Re-enable endpoint ${url}`} className="px-2.5 py-1 text-xs">
        Re-enable
      </Button>
      <p aria-live="polite" className={cn("max-w-56 text-xs", state.ok ? "text-emerald-800" : "text-red-700")}>{state.message}</p>
    </form>
  );
}
