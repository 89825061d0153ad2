"use server";

import { redirect } from "next/navigation";
import { startBulkVerification, type BulkScope } from "@/lib/dal/jobs";
import { startBulkVerificationSchema } from "@/lib/schemas/jobs";
import { formAction } from "../safe-action";

/**
 * Starts a bulk re-verification job (partner admins). Form fields: `scope` = "selection" | "failed" | "all";
 * for "selection", one `connectionId` field per selected connection. On success, redirects to the
 * job's progress page `/admin/jobs/<id>`; otherwise returns a message.
 */
export const startBulkVerificationAction = formAction(
  { schema: startBulkVerificationSchema, access: "admin", lists: ["connectionId"] },
  async (input, viewer) => {
    const scope: BulkScope = input.scope === "selection" ? { kind: "selection", connectionIds: input.connectionId } : { kind: input.scope };
    const { id } = await startBulkVerification(viewer, scope);
    redirect(`/admin/jobs/${id}`);
  },
);
