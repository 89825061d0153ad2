import { apiHandler } from "@/lib/api/handler";
import { deleteWebhook, getWebhook } from "@/lib/api/operations";
import { deleteWebhookEndpoint, getWebhookEndpoint } from "@/lib/dal/webhooks";

export const GET = apiHandler(getWebhook, async ({ caller, params }) => ({ body: await getWebhookEndpoint(caller.viewer, params.id) }));

export const DELETE = apiHandler(deleteWebhook, async ({ caller, params }) => {
  await deleteWebhookEndpoint(caller.viewer, params.id);
  return {};
});
