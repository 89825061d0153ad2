import { apiHandler } from "@/lib/api/handler";
import { createOrganization, listOrganizations } from "@/lib/api/operations";
import { createOrganization as create } from "@/lib/dal/organizations";
import { listOrganizationRecords, organizationRecord } from "@/lib/dal/records";

export const GET = apiHandler(listOrganizations, async ({ caller, query }) => ({ body: await listOrganizationRecords(caller.viewer, query) }));

export const POST = apiHandler(createOrganization, async ({ caller, body }) => {
  const { id } = await create(caller.viewer, body);
  return { body: await organizationRecord(caller.viewer, id) };
});
