"use server";

import { revalidatePath } from "next/cache";
import { enableWebhookEndpoint } from "@/lib/dal/webhooks";
import { webhookIdSchema } from "@/lib/schemas/webhooks";
import { formAction } from "../safe-action";

/** Turns a webhook endpoint that was disabled for failing back on; events it missed are not resent. */
export const enableWebhookAction = formAction({ schema: webhookIdSchema, access: "admin" }, async ({ webhookId }, viewer) => {
  await enableWebhookEndpoint(viewer, webhookId);
  revalidatePath("/admin/webhooks");
  revalidatePath(`/admin/webhooks/${webhookId}`);
  revalidatePath("/admin");
  return {
    ok: true,
    message: "Endpoint re-enabled: it receives new events from now on. Catch up on the ones it missed with GET /api/v1/events.",
  };
});
