"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cancelJobAction } from "@/lib/actions/admin/cancel-job";

/** Cancels the job: nothing new starts; checks already under way finish and are recorded. */
export function CancelJobButton({ jobId }: { jobId: string }) {
  const [state, action, pending] = useActionState(cancelJobAction, {});
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="jobId" value={jobId} />
      <Button type="submit" variant="danger" pending={pending} pendingLabel="Cancelling…">
        Cancel job
      </Button>
      <FormMessage state={state} />
    </form>
  );
}
