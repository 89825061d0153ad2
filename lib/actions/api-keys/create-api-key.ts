"use server";

import { revalidatePath } from "next/cache";
import { createApiKey } from "@/lib/dal/api-keys";
import { createApiKeySchema } from "@/lib/schemas/api-keys";
import { formAction } from "../safe-action";

/** Creates a partner API key; the key is shown once, to the admin who made it. */
export const createApiKeyAction = formAction(
  { schema: createApiKeySchema, access: "admin", reauth: true },
  async ({ name, scope }, viewer) => {
    const key = await createApiKey(viewer, { name, scope });
    revalidatePath("/admin/api-keys");
    return {
      ok: true,
      message: `Key “${key.name}” created (${key.scope}). Copy it now: it is shown only once.`,
      data: { id: key.id, key: key.key, prefix: key.prefix, scope: key.scope },
    };
  },
);
