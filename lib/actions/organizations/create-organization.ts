"use server";

import { revalidatePath } from "next/cache";
import { createOrganization } from "@/lib/dal/organizations";
import { createOrganizationSchema } from "@/lib/schemas/organizations";
import { formAction } from "../safe-action";

/** Creates a customer organisation (partner admins). */
export const createOrganizationAction = formAction(
  { schema: createOrganizationSchema, access: "admin" },
  async ({ name }, viewer) => {
    const { id } = await createOrganization(viewer, { name });
    revalidatePath("/admin/organizations");
    return { ok: true, message: `Organisation “${name}” created.`, data: { id } };
  },
);
