"use server";

import { cancelJob } from "@/lib/dal/jobs";
import { jobIdSchema } from "@/lib/schemas/jobs";
import { formAction } from "../safe-action";

/** Cancels a bulk job (partner admins): no new items start; those in flight finish and are recorded. */
export const cancelJobAction = formAction({ schema: jobIdSchema, access: "admin" }, async ({ jobId }, viewer) => {
  const job = await cancelJob(viewer, jobId);
  return {
    ok: true,
    message: job.status === "cancelled" ? "Job cancelled." : "Cancelling: verifications already started will finish first.",
  };
});
