"use server";

import { revalidatePath } from "next/cache";
import { deleteWebhookEndpoint } from "@/lib/dal/webhooks";
import { webhookIdSchema } from "@/lib/schemas/webhooks";
import { formAction } from "../safe-action";

/** Deletes a webhook endpoint: nothing more is sent to it, and its pending deliveries are dropped. */
export const deleteWebhookAction = formAction({ schema: webhookIdSchema, access: "admin" }, async ({ webhookId }, viewer) => {
  await deleteWebhookEndpoint(viewer, webhookId);
  revalidatePath("/admin/webhooks");
  revalidatePath("/admin");
  return { ok: true, message: "Endpoint deleted: nothing more is sent to it." };
});
