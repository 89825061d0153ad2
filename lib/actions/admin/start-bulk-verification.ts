"use server";

import { redirect } from "next/navigation";
import { countBulkScope, startBulkVerification, type BulkScope } from "@/lib/dal/jobs";
import { BULK_SETTINGS } from "@/lib/jobs/settings";
import { startBulkVerificationSchema } from "@/lib/schemas/jobs";
import type { FormState } from "../form-state";
import { formAction } from "../safe-action";

/** What the admin is asked before a job over every failed connection, or every connection, starts. */
export type BulkConfirmation = { scope: "failed" | "all"; count: number; seconds: number };

/**
 * Starts a bulk re-verification job (partner admins). Form fields: `scope` = "selection" | "failed" | "all";
 * for "selection", one `connectionId` field per selected connection. "failed" and "all" first return
 * the number of connections and the least time they take at the STS budget, and start only when sent
 * again with `confirmed=yes`. On success, redirects to the job's progress page `/admin/jobs/<id>`;
 * otherwise returns a message.
 */
export const startBulkVerificationAction = formAction(
  { schema: startBulkVerificationSchema, access: "admin", lists: ["connectionId"] },
  async (input, viewer): Promise<FormState<BulkConfirmation>> => {
    if (input.scope !== "selection" && input.confirmed !== "yes") {
      const count = await countBulkScope(viewer, input.scope);
      if (count === 0) return { ok: false, message: input.scope === "failed" ? "No connection is failing right now: there is nothing to re-verify." : "There is no connection to re-verify yet." };
      const verificationsPerSecond = BULK_SETTINGS.stsCallsPerSecond / BULK_SETTINGS.callsPerVerification;
      return { ok: true, data: { scope: input.scope, count, seconds: Math.ceil(count / verificationsPerSecond) } };
    }
    const scope: BulkScope = input.scope === "selection" ? { kind: "selection", connectionIds: input.connectionId } : { kind: input.scope };
    const { id } = await startBulkVerification(viewer, scope);
    redirect(`/admin/jobs/${id}`);
  },
);
