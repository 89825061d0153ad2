"use server";

import { revalidatePath } from "next/cache";
import { revokeRegistrationToken } from "@/lib/dal/registration-tokens";
import { revokeRegistrationTokenSchema } from "@/lib/schemas/organizations";
import { formAction } from "../safe-action";

/** Revokes an organisation's registration token and issues a new one: launch links made before stop registering. */
export const revokeRegistrationTokenAction = formAction(
  { schema: revokeRegistrationTokenSchema, access: "admin" },
  async ({ organizationId }, viewer) => {
    await revokeRegistrationToken(viewer, organizationId);
    revalidatePath(`/admin/organizations/${organizationId}`);
    return {
      ok: true,
      message: "Registration link revoked. Stacks launched from an older link are refused; the onboarding page and the API now give the new one.",
    };
  },
);
