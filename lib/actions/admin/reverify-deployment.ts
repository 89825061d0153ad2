"use server";

import { redirect } from "next/navigation";
import { deploymentConnectionIds } from "@/lib/dal/deployments";
import { startBulkVerification } from "@/lib/dal/jobs";
import { reverifyDeploymentSchema } from "@/lib/schemas/deployments";
import { formAction } from "../safe-action";

/**
 * Re-verifies every account of an organisation-wide deployment as one bulk job (partner admins), paced
 * by the STS budget like any bulk job. Redirects to the job's progress page; otherwise returns a message.
 */
export const reverifyDeploymentAction = formAction(
  { schema: reverifyDeploymentSchema, access: "admin" },
  async ({ organizationId, deploymentId }, viewer) => {
    const connectionIds = await deploymentConnectionIds(viewer, organizationId, deploymentId);
    if (connectionIds.length === 0) return { ok: false, message: "This deployment has no connected account to re-verify." };
    const { id } = await startBulkVerification(viewer, { kind: "selection", connectionIds });
    redirect(`/admin/jobs/${id}`);
  },
);
