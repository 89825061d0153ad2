"use server";

import { keepThisSession } from "@/lib/auth/keep-session";
import { changePassword } from "@/lib/dal/users";
import { changePasswordSchema } from "@/lib/schemas/auth";
import { formAction } from "../safe-action";

/**
 * Changes the signed-in user's password (also the forced change after a one-time password). Every
 * other session of the account ends; this one is re-issued and goes on.
 */
export const changePasswordAction = formAction(
  { schema: changePasswordSchema, access: "signed-in", secret: ["current", "password", "confirm"], allowPasswordChange: true },
  async ({ current, password }, viewer) => {
    await keepThisSession(viewer, await changePassword(viewer, current, password));
    return { ok: true, message: "Password changed." };
  },
);
