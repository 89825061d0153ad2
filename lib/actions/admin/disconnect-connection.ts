"use server";

import { revalidatePath } from "next/cache";
import { removeConnection } from "@/lib/dal/connections";
import { connectionIdSchema } from "@/lib/schemas/connections";
import { formAction } from "../safe-action";

/** Disconnects any organisation's connection (partner admins): it is no longer used or checked; its history stays. */
export const disconnectConnectionAction = formAction(
  { schema: connectionIdSchema, access: "admin" },
  async ({ connectionId }, viewer) => {
    await removeConnection(viewer, connectionId);
    revalidatePath("/admin/connections");
    revalidatePath(`/admin/connections/${connectionId}`);
    return { ok: true, message: "Connection disconnected. Rolegate no longer uses this role." };
  },
);
