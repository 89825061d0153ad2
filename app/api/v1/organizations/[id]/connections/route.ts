import { apiHandler } from "@/lib/api/handler";
import { createConnection } from "@/lib/api/operations";
import { getConfig } from "@/lib/config";
import { addConnection } from "@/lib/dal/connections";
import { connectionRecord } from "@/lib/dal/records";

export const POST = apiHandler(createConnection, async ({ caller, params, body }) => {
  const { id } = await addConnection(caller.viewer, { roleArn: body.roleArn, organizationId: params.id, partitions: [getConfig().aws.partition] });
  return { body: await connectionRecord(caller.viewer, id) };
});
