"use server";

import type { VerificationResult } from "@/lib/aws/verify";
import { connectionIdSchema } from "@/lib/schemas/connections";
import { runStackUpdate } from "@/lib/verification/run";
import { formAction } from "../safe-action";

/** What the notice shows after the check: the outcome, and why it failed when it did. */
export type StackUpdateOutcome = Pick<VerificationResult, "status" | "failure" | "checks">;

/**
 * "I've updated the stack": checks the role with the organisation's current External ID and switches
 * the connection to it only if that works (its own organisation's connection, or any for an admin).
 */
export const confirmStackUpdateAction = formAction<typeof connectionIdSchema, StackUpdateOutcome>(
  { schema: connectionIdSchema, access: "signed-in" },
  async ({ connectionId }, viewer) => {
    // No revalidatePath: the notice shows the outcome in place; the next visit renders without it.
    const { result, switched } = await runStackUpdate(viewer, connectionId);
    const data = { status: result.status, checks: result.checks, ...(result.failure ? { failure: result.failure } : {}) };
    if (switched) return { ok: true, message: `Account ${result.accountId} now uses your new External ID.`, data };
    return {
      ok: false,
      message:
        result.status === "verified"
          ? "The External ID changed again in the meantime. Reload the page and update the stack to the newest one."
          : "Rolegate could not use the new External ID yet, so nothing was changed: this account keeps working with the previous one until the stack is updated.",
      data,
    };
  },
);
