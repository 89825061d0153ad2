import { apiHandler } from "@/lib/api/handler";
import { listConnections } from "@/lib/api/operations";
import { listConnectionRecords } from "@/lib/dal/records";

export const GET = apiHandler(listConnections, async ({ caller, query }) => ({ body: await listConnectionRecords(caller.viewer, query) }));
