import { apiHandler } from "@/lib/api/handler";
import { createWebhook, listWebhooks } from "@/lib/api/operations";
import { createWebhookEndpoint, listWebhookEndpoints } from "@/lib/dal/webhooks";

export const GET = apiHandler(listWebhooks, async ({ caller }) => ({ body: { data: await listWebhookEndpoints(caller.viewer), nextCursor: null } }));

export const POST = apiHandler(createWebhook, async ({ caller, body }) => ({ body: await createWebhookEndpoint(caller.viewer, body) }));
