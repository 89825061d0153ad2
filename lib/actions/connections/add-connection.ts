"use server";

import { revalidatePath } from "next/cache";
import { getConfig } from "@/lib/config";
import { addConnection } from "@/lib/dal/connections";
import { addConnectionSchema } from "@/lib/schemas/connections";
import { formAction } from "../safe-action";

/** Saves a pasted role ARN as a pending connection of the member's organisation. */
export const addConnectionAction = formAction(
  { schema: addConnectionSchema, access: "member" },
  async ({ roleArn }, viewer) => {
    const connection = await addConnection(viewer, { roleArn, partitions: [getConfig().aws.partition] });
    revalidatePath("/accounts");
    return {
      ok: true,
      message: `Account ${connection.accountId} will be connected through ${connection.roleName}.`,
      data: { id: connection.id, accountId: connection.accountId, roleArn: connection.roleArn },
    };
  },
);
