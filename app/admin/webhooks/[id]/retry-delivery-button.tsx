"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { retryDeliveryAction } from "@/lib/actions/webhooks/retry-delivery";
import type { DeliveryView } from "@/lib/dal/webhooks";
import { cn } from "@/lib/cn";

/** Sends one delivery again now, and says so in the row. */
export function RetryDeliveryButton({ webhookId, delivery }: { webhookId: string; delivery: Pick<DeliveryView, "id" | "eventId" | "eventType"> }) {
  const [state, action, pending] = useActionState(retryDeliveryAction, {});
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="webhookId" value={webhookId} />
      <input type="hidden" name="deliveryId" value={delivery.id} />
      <Button
        type="submit"
        variant="secondary"
        pending={pending}
        pendingLabel="Sending…"
        aria-label={`Send again: ${delivery.eventType} ${delivery.eventId}`}
        className="whitespace-nowrap px-2.5 py-1 text-xs"
      >
        Send again
      </Button>
      <p aria-live="polite" className={cn("max-w-48 text-xs", state.ok ? "text-emerald-800" : "text-red-700")}>{state.message}</p>
    </form>
  );
}
