"use server";

import { revalidatePath } from "next/cache";
import { removeConnection } from "@/lib/dal/connections";
import { connectionIdSchema } from "@/lib/schemas/connections";
import { formAction } from "../safe-action";

/** Disconnects one of the organisation's connections (an admin may disconnect any). */
export const removeConnectionAction = formAction(
  { schema: connectionIdSchema, access: "signed-in" },
  async ({ connectionId }, viewer) => {
    await removeConnection(viewer, connectionId);
    revalidatePath("/accounts");
    return { ok: true, message: "Connection removed. Rolegate no longer uses this role; you can delete the stack in your account." };
  },
);
