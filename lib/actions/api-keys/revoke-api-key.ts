"use server";

import { revalidatePath } from "next/cache";
import { revokeApiKey } from "@/lib/dal/api-keys";
import { revokeApiKeySchema } from "@/lib/schemas/api-keys";
import { formAction } from "../safe-action";

/** Revokes a partner API key: its next request is refused. */
export const revokeApiKeyAction = formAction(
  { schema: revokeApiKeySchema, access: "admin" },
  async ({ apiKeyId }, viewer) => {
    await revokeApiKey(viewer, apiKeyId);
    revalidatePath("/admin/api-keys");
    return { ok: true, message: "Key revoked: requests with it are refused from now on." };
  },
);
