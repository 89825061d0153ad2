import { z } from "zod";
import { displayName } from "./text";

/** A webhook URL as typed: its shape only. Whether its host is public is checked on the server (lib/webhooks/ssrf.ts). */
export const webhookUrlField = z
  .string({ error: "Expected the endpoint's URL as a string." })
  .trim()
  .min(1, { error: "Enter the endpoint's URL." })
  .max(2048, { error: "Use a URL of at most 2048 characters." });

export const webhookDescriptionField = displayName("endpoint", 200).optional();

export const createWebhookSchema = z.object({
  url: webhookUrlField,
  description: z.preprocess((v) => (v === "" ? undefined : v), webhookDescriptionField),
  events: z.array(z.string()).min(1, { error: "Choose at least one event type." }),
});

export const webhookIdSchema = z.object({ webhookId: z.uuid({ error: "Unknown webhook endpoint." }) });

export const retryDeliverySchema = z.object({ webhookId: z.uuid({ error: "Unknown webhook endpoint." }), deliveryId: z.uuid({ error: "Unknown delivery." }) });
