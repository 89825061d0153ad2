"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { reverifyDeploymentAction } from "@/lib/actions/admin/reverify-deployment";

/** "Re-verify all": one bulk job over the deployment's accounts. */
export function ReverifyDeployment({ organizationId, deploymentId }: { organizationId: string; deploymentId: string }) {
  const [state, action, pending] = useActionState(reverifyDeploymentAction, {});
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="organizationId" value={organizationId} />
      <input type="hidden" name="deploymentId" value={deploymentId} />
      <Button type="submit" variant="secondary" pending={pending} pendingLabel="Starting…">Re-verify all</Button>
      <FormMessage state={state} />
    </form>
  );
}
