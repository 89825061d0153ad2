"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { createOrganizationAction } from "@/lib/actions/organizations/create-organization";

/** Name a new customer organisation; on success, go to it to invite people. */
export function CreateOrganizationForm() {
  const router = useRouter();
  const [state, action, pending] = useActionState(createOrganizationAction, {});
  useEffect(() => {
    if (state.ok && state.data) router.push(`/admin/organizations/${state.data.id}`);
  }, [state, router]);
  return (
    <form action={action} className="space-y-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200" noValidate>
      <h2 className="font-semibold">New organisation</h2>
      <FormMessage state={state} />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <div className="flex-1">
          <Field label="Organisation name" name="name" required maxLength={100} defaultValue={state.values?.name} errors={state.fieldErrors?.name} />
        </div>
        <Button type="submit" pending={pending} pendingLabel="Creating…" className="sm:mt-6">
          Create organisation
        </Button>
      </div>
    </form>
  );
}
