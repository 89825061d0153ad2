import { apiHandler } from "@/lib/api/handler";
import { listDeliveries } from "@/lib/api/operations";
import { listDeliveries as list } from "@/lib/dal/webhooks";

export const GET = apiHandler(listDeliveries, async ({ caller, params, query }) => ({ body: await list(caller.viewer, params.id, query) }));
