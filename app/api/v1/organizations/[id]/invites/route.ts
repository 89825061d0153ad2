import { apiHandler } from "@/lib/api/handler";
import { createInvite } from "@/lib/api/operations";
import { getConfig } from "@/lib/config";
import { createInvite as create } from "@/lib/dal/invites";

export const POST = apiHandler(createInvite, async ({ caller, params, body }) => {
  const invite = await create(caller.viewer, { organizationId: params.id, email: body.email });
  return { body: { id: invite.id, email: body.email, url: `${getConfig().appUrl}/invite/${invite.token}`, expiresAt: invite.expiresAt } };
});
