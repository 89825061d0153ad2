"use server";

import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import type { VerificationProgress, VerificationResult } from "@/lib/aws/verify";
import { isDalError } from "@/lib/dal/errors";
import { pendingAccountStep } from "@/lib/auth/pending-step";
import { getViewer } from "@/lib/auth/session";
import { logger } from "@/lib/log";
import { runVerification } from "@/lib/verification/run";

/** What the verify panel receives, in order: progress of each check, then the end. */
export type VerifyEvent =
  | { type: "progress"; check: VerificationProgress }
  | { type: "done"; result: VerificationResult }
  | { type: "refused"; message: string };

const input = z.object({ connectionId: z.uuid(), trigger: z.enum(["onboarding", "manual"]), waitForPropagation: z.boolean().optional() });

/**
 * Verifies a connection live, streaming each check's state as it happens (React serialises
 * the returned stream). The connection must be the caller's organisation's, or the caller an admin.
 */
export async function verifyConnectionAction(raw: {
  connectionId: string;
  trigger: "onboarding" | "manual";
  /** Onboarding only: retry AccessDenied while IAM propagates a role just created (see runVerification). */
  waitForPropagation?: boolean;
}): Promise<ReadableStream<VerifyEvent>> {
  const parsed = input.safeParse(raw);
  const viewer = parsed.success ? await getViewer() : null;
  if (!parsed.success || !viewer || pendingAccountStep(viewer)) {
    return single({ type: "refused", message: parsed.success ? "Your session has ended. Sign in again, then retry." : "Unknown connection." });
  }
  const { connectionId, trigger, waitForPropagation } = parsed.data;
  return new ReadableStream<VerifyEvent>({
    async start(controller) {
      const send = (event: VerifyEvent) => {
        try {
          controller.enqueue(event);
        } catch {
          // The browser went away; the verification still finishes and is recorded.
        }
      };
      try {
        const result = await runVerification(viewer, connectionId, {
          trigger,
          onProgress: (check) => send({ type: "progress", check }),
          ...(waitForPropagation !== undefined ? { waitForPropagation } : {}),
        });
        send({ type: "done", result });
      } catch (error) {
        unstable_rethrow(error);
        if (isDalError(error)) send({ type: "refused", message: error.message });
        else {
          logger().error({ err: error, connectionId }, "verification failed to complete");
          send({ type: "refused", message: "The check could not be completed or saved, so nothing was changed. Try again in a moment." });
        }
      } finally {
        try {
          controller.close();
        } catch {
          // already closed by a disconnect
        }
      }
    },
  });
}

function single(event: VerifyEvent): ReadableStream<VerifyEvent> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(event);
      controller.close();
    },
  });
}
