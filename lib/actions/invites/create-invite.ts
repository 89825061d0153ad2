"use server";

import { revalidatePath } from "next/cache";
import { getConfig } from "@/lib/config";
import { createInvite } from "@/lib/dal/invites";
import { createInviteSchema } from "@/lib/schemas/organizations";
import { formAction } from "../safe-action";

/** Creates an invite link for a customer member; the link is shown once, to the admin who made it. */
export const createInviteAction = formAction(
  { schema: createInviteSchema, access: "admin" },
  async ({ organizationId, email }, viewer) => {
    const invite = await createInvite(viewer, { organizationId, email });
    revalidatePath(`/admin/organizations/${organizationId}`);
    return {
      ok: true,
      message: `Invite for ${email} created. Copy the link now: it is shown only once and works once, until ${invite.expiresAt.toUTCString()}.`,
      data: { link: `${getConfig().appUrl}/invite/${invite.token}`, email },
    };
  },
);
