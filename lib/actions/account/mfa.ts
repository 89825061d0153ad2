"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { confirmMfaEnrolment, disableMfa, regenerateRecoveryCodes, startMfaEnrolment } from "@/lib/dal/mfa";
import { confirmMfaSchema } from "@/lib/schemas/auth";
import { formAction } from "../safe-action";

const nothing = z.object({});
const PAGE = "/account/security";

/** Begins enrolment (password first): a new secret, shown on the page as a QR code and as text. */
export const startMfaEnrolmentAction = formAction({ schema: nothing, access: "signed-in", reauth: true, allowMfaEnrolment: true }, async (_input, viewer) => {
  await startMfaEnrolment(viewer);
  revalidatePath(PAGE);
  return { ok: true, message: "Scan the QR code with your authenticator app, then enter the code it shows." };
});

/** Finishes enrolment with a code from the app; the recovery codes come back this once. */
export const confirmMfaEnrolmentAction = formAction(
  { schema: confirmMfaSchema, access: "signed-in", secret: ["code"], allowMfaEnrolment: true },
  async ({ code }, viewer) => {
    const recoveryCodes = await confirmMfaEnrolment(viewer, code);
    return { ok: true, message: "Two-factor authentication is on.", data: { recoveryCodes } };
  },
);

/** New recovery codes (password and code first); the old ones stop working. */
export const regenerateRecoveryCodesAction = formAction({ schema: nothing, access: "signed-in", reauth: true }, async (_input, viewer) => {
  const recoveryCodes = await regenerateRecoveryCodes(viewer);
  return { ok: true, message: "New recovery codes made. The old ones no longer work.", data: { recoveryCodes } };
});

/** Turns two-factor sign-in off (password and code first). */
export const disableMfaAction = formAction({ schema: nothing, access: "signed-in", reauth: true }, async (_input, viewer) => {
  await disableMfa(viewer);
  revalidatePath(PAGE);
  return { ok: true, message: "Two-factor authentication is off." };
});
