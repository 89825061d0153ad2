"use server";

import { revalidatePath } from "next/cache";
import { rotateExternalId } from "@/lib/dal/admin/external-ids";
import { rotateExternalIdSchema } from "@/lib/schemas/organizations";
import { formAction } from "../safe-action";

/** Issues a new External ID to an organisation; its connections keep the old one until their stacks are updated. */
export const rotateExternalIdAction = formAction(
  { schema: rotateExternalIdSchema, access: "admin", reauth: true },
  async ({ organizationId }, viewer) => {
    await rotateExternalId(viewer, organizationId);
    revalidatePath(`/admin/organizations/${organizationId}`);
    revalidatePath("/admin/organizations");
    return {
      ok: true,
      message: "New External ID issued. New stacks use it; existing connections keep working with their old one until the customer updates its stack.",
    };
  },
);
