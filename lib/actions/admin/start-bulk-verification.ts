"use server";

import { redirect, unstable_rethrow } from "next/navigation";
import { isDalError } from "@/lib/dal/errors";
import { startBulkVerification, type BulkScope } from "@/lib/dal/jobs";
import { getViewer } from "@/lib/dal/session";
import { logger } from "@/lib/log";
import { startBulkVerificationSchema } from "@/lib/schemas/jobs";
import { invalid, type FormState } from "../form-state";

/**
 * Starts a bulk re-verification job (partner admins). Form fields: `scope` = "selection" | "failed" | "all";
 * for "selection", one `connectionId` field per selected connection. On success, redirects to the
 * job's progress page `/admin/jobs/<id>`; otherwise returns a message.
 */
export async function startBulkVerificationAction(_prev: FormState, formData: FormData): Promise<FormState> {
  // The same steps as formAction (parse, authenticate, authorise, act), which cannot be used here:
  // its Object.fromEntries keeps one value per field, and a selection has many.
  const scopeField = formData.get("scope");
  const values: Record<string, string> = typeof scopeField === "string" ? { scope: scopeField.slice(0, 20) } : {};
  const parsed = startBulkVerificationSchema.safeParse({ scope: scopeField, connectionId: formData.getAll("connectionId") });
  if (!parsed.success) return invalid(parsed.error, values);
  const viewer = await getViewer();
  if (!viewer) return { ok: false, message: "Your session has ended. Sign in again, then retry.", values };
  if (viewer.passwordChangeRequired) return { ok: false, message: "Choose a new password first.", values };
  if (viewer.role !== "admin") return { ok: false, message: "You are not allowed to do this.", values };
  const input = parsed.data;
  const scope: BulkScope = input.scope === "selection" ? { kind: "selection", connectionIds: input.connectionId } : { kind: input.scope };
  let jobId: string;
  try {
    jobId = (await startBulkVerification(viewer, scope)).id;
  } catch (error) {
    unstable_rethrow(error);
    if (isDalError(error)) return { ok: false, message: error.message, values };
    logger().error({ err: error }, "bulk re-verification could not start");
    return { ok: false, message: "Something went wrong on our side and no job was started. Try again in a moment.", values };
  }
  redirect(`/admin/jobs/${jobId}`);
}
