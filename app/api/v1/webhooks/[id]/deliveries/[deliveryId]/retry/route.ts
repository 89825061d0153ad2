import { apiHandler } from "@/lib/api/handler";
import { retryDelivery } from "@/lib/api/operations";
import { retryDelivery as retry } from "@/lib/dal/webhooks";

export const POST = apiHandler(retryDelivery, async ({ caller, params }) => ({ body: await retry(caller.viewer, params.id, params.deliveryId) }));
