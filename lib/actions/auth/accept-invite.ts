"use server";

import { z } from "zod";
import { limitInviteLookup } from "@/lib/dal/invite-limits";
import { acceptInvite } from "@/lib/dal/invites";
import { acceptInviteSchema } from "@/lib/schemas/auth";
import { requestClientAddress } from "@/lib/security/client-address";
import { formAction } from "../safe-action";

const schema = acceptInviteSchema.and(z.object({ token: z.string().max(100) }));

/** Accepts an invite: the token in the link is the credential. The client signs in right after. */
export const acceptInviteAction = formAction(
  { schema, access: "public", secret: ["password", "confirm"] },
  async ({ token, name, password }) => {
    const { email } = await limitInviteLookup(await requestClientAddress(), () => acceptInvite(token, { name, password }));
    return { ok: true, message: "Account created. Signing you in…", data: { email } };
  },
);
