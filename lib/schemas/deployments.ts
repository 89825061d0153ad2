import { z } from "zod";

/** The "Re-verify all" form of an organisation-wide deployment. */
export const reverifyDeploymentSchema = z.object({
  organizationId: z.uuid({ error: "Unknown organisation." }),
  deploymentId: z.uuid({ error: "Unknown deployment." }),
});
