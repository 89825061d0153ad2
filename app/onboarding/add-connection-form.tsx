"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { addConnectionAction } from "@/lib/actions/connections/add-connection";

/** The role ARN field: checked on the server, kept as typed, with the reason when it is wrong. */
export function AddConnectionForm({ partition }: { partition: string }) {
  const router = useRouter();
  const [state, action, pending] = useActionState(addConnectionAction, {});
  useEffect(() => {
    if (state.ok && state.data) router.push(`/onboarding?connection=${state.data.id}#verify`);
  }, [state, router]);
  return (
    <form action={action} className="space-y-3" noValidate>
      {state.ok ? <FormMessage state={state} /> : null}
      <Field
        label="Role ARN"
        name="roleArn"
        required
        autoComplete="off"
        spellCheck={false}
        placeholder={`arn:${partition}:iam::123456789012:role/RolegateAccess`}
        hint="The RoleArn value from the stack's Outputs tab."
        defaultValue={state.values?.roleArn}
        errors={state.fieldErrors?.roleArn}
        className="font-mono"
      />
      <Button type="submit" pending={pending} pendingLabel="Checking…">
        Continue
      </Button>
    </form>
  );
}
