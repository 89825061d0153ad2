"use server";

import type { FormState } from "../form-state";

/**
 * Starts a bulk re-verification job (partner admins). Form fields: `scope` = "selection" | "failed" | "all";
 * for "selection", one `connectionId` field per selected connection. On success, redirects to the
 * job's progress page `/admin/jobs/<id>`; otherwise returns a message.
 */
export async function startBulkVerificationAction(_prev: FormState, _formData: FormData): Promise<FormState> {
  return { ok: false, message: "Bulk re-verification is not available yet." };
}
