import { apiHandler } from "@/lib/api/handler";
import { getLaunch } from "@/lib/api/operations";
import { organizationLaunch } from "@/lib/registration/launch";

export const GET = apiHandler(getLaunch, async ({ caller, params, query }) => ({ body: await organizationLaunch(caller.viewer, params.id, query.region) }));
