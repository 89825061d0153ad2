"use server";

import { revalidatePath } from "next/cache";
import { revokeInvite } from "@/lib/dal/invites";
import { revokeInviteSchema } from "@/lib/schemas/organizations";
import { formAction } from "../safe-action";

/** Withdraws a pending invite so its link stops working. */
export const revokeInviteAction = formAction(
  { schema: revokeInviteSchema, access: "admin" },
  async ({ inviteId, organizationId }, viewer) => {
    await revokeInvite(viewer, inviteId);
    revalidatePath(`/admin/organizations/${organizationId}`);
    return { ok: true, message: "Invite revoked: its link no longer works." };
  },
);
