import { apiHandler } from "@/lib/api/handler";
import { getOrganization } from "@/lib/api/operations";
import { organizationRecord } from "@/lib/dal/records";

export const GET = apiHandler(getOrganization, async ({ caller, params }) => ({ body: await organizationRecord(caller.viewer, params.id) }));
