"use server";

import { revalidatePath } from "next/cache";
import { getConfig } from "@/lib/config";
import { createInvite, inviteUrl } from "@/lib/dal/invites";
import { createInviteSchema } from "@/lib/schemas/organizations";
import { formAction } from "../safe-action";

/** Creates an invite for a customer member and e-mails it; the link is also shown once, to the admin who made it. */
export const createInviteAction = formAction(
  { schema: createInviteSchema, access: "admin" },
  async ({ organizationId, email }, viewer) => {
    const invite = await createInvite(viewer, { organizationId, email });
    revalidatePath(`/admin/organizations/${organizationId}`);
    revalidatePath("/admin/mail");
    const mailed = getConfig().mail.smtp
      ? `The invite e-mail to ${email} is on its way.`
      : `No SMTP server is configured (SMTP_URL), so the invite e-mail to ${email} is kept under Mail.`;
    return {
      ok: true,
      message: `Invite for ${email} created. ${mailed} You can also copy the link now: it is shown only once and works once, until ${invite.expiresAt.toUTCString()}.`,
      data: { link: inviteUrl(invite.token), email },
    };
  },
);
