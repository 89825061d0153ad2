import { apiHandler } from "@/lib/api/handler";
import { listEvents } from "@/lib/api/operations";
import { listEvents as list } from "@/lib/dal/events";

export const GET = apiHandler(listEvents, async ({ caller, query }) => ({
  body: await list(caller.viewer, { after: query.after, limit: query.limit, types: query.type ? [query.type] : undefined }),
}));
