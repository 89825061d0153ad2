"use server";

import { revalidatePath } from "next/cache";
import { createWebhookEndpoint } from "@/lib/dal/webhooks";
import { createWebhookSchema } from "@/lib/schemas/webhooks";
import { formAction } from "../safe-action";

/** Registers a webhook endpoint; its signing secret is in this answer only, for the admin who made it. */
export const createWebhookAction = formAction(
  { schema: createWebhookSchema, access: "admin", lists: ["events"] },
  async ({ url, description, events }, viewer) => {
    const endpoint = await createWebhookEndpoint(viewer, { url, description, events });
    revalidatePath("/admin/webhooks");
    return {
      ok: true,
      message: "Endpoint added. Copy its signing secret now: it is shown only once.",
      data: { id: endpoint.id, url: endpoint.url, secret: endpoint.secret },
    };
  },
);
