"use server";

import { revalidatePath } from "next/cache";
import { retryDelivery } from "@/lib/dal/webhooks";
import { retryDeliverySchema } from "@/lib/schemas/webhooks";
import { formAction } from "../safe-action";

/** Sends one delivery again now: the same event, with the same `webhook-id`. */
export const retryDeliveryAction = formAction({ schema: retryDeliverySchema, access: "admin" }, async ({ webhookId, deliveryId }, viewer) => {
  await retryDelivery(viewer, webhookId, deliveryId);
  revalidatePath(`/admin/webhooks/${webhookId}`);
  return { ok: true, message: "Sending again now. This page shows the outcome in a few seconds." };
});
