import { apiHandler } from "@/lib/api/handler";
import { disconnectConnection, getConnection } from "@/lib/api/operations";
import { removeConnection } from "@/lib/dal/connections";
import { isDalError } from "@/lib/dal/errors";
import { connectionRecord } from "@/lib/dal/records";

export const GET = apiHandler(getConnection, async ({ caller, params }) => ({ body: await connectionRecord(caller.viewer, params.id) }));

export const DELETE = apiHandler(disconnectConnection, async ({ caller, params }) => {
  const current = await connectionRecord(caller.viewer, params.id);
  // Disconnecting twice is not an error: the connection is in the state asked for.
  if (current.status !== "disconnected") {
    await removeConnection(caller.viewer, params.id).catch((error: unknown) => {
      if (!isDalError(error, "not_found")) throw error;
    });
  }
  return { body: await connectionRecord(caller.viewer, params.id) };
});
