"use server";

import { revalidatePath } from "next/cache";
import { getConfig } from "@/lib/config";
import { addConnection } from "@/lib/dal/connections";
import { addConnectionSchema } from "@/lib/schemas/connections";
import { formAction } from "../safe-action";

/** Saves a pasted role ARN as a draft connection of the member's organisation, replacing the draft it corrects. */
export const addConnectionAction = formAction(
  { schema: addConnectionSchema, access: "member" },
  async ({ roleArn, replaces }, viewer) => {
    const connection = await addConnection(viewer, { roleArn, partitions: [getConfig().aws.partition], ...(replaces ? { replaces } : {}) });
    revalidatePath("/accounts");
    return {
      ok: true,
      message: `Account ${connection.accountId} will be connected through ${connection.roleName}.`,
      data: { id: connection.id, accountId: connection.accountId, roleArn: connection.roleArn },
    };
  },
);
