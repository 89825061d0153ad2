"use server";

import { revalidatePath } from "next/cache";
import { updateMailPreferences } from "@/lib/dal/mail-preferences";
import { mailPreferencesSchema } from "@/lib/schemas/mail-preferences";
import { formAction } from "../safe-action";

/** Saves which non-essential e-mails the signed-in person gets (their own only). */
export const updateMailPreferencesAction = formAction({ schema: mailPreferencesSchema, access: "signed-in" }, async (prefs, viewer) => {
  await updateMailPreferences(viewer, prefs);
  revalidatePath("/account/notifications");
  return { ok: true, message: "Your e-mail choices are saved." };
});
