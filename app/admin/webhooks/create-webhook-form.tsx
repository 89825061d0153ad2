"use client";

import { useActionState, useState } from "react";
import { FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { createWebhookAction } from "@/lib/actions/webhooks/create-webhook";
import { EVENT_DESCRIPTIONS, EVENT_TYPES } from "@/lib/events/types";
import { cn } from "@/lib/cn";

/** Add an endpoint: its URL, a description, and the events it wants; the signing secret is shown here, once. */
export function CreateWebhookForm({ allowPrivate }: { allowPrivate: boolean }) {
  const [state, action, pending] = useActionState(createWebhookAction, {});
  const kept = state.ok ? undefined : state.values;
  return (
    <div className="space-y-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <form action={action} aria-label="Add a webhook endpoint" className="space-y-4" noValidate>
        <h2 className="font-semibold">New endpoint</h2>
        <FormMessage state={state} />
        <Field
          label="Endpoint URL"
          name="url"
          type="url"
          inputMode="url"
          required
          maxLength={2048}
          placeholder="https://example.com/webhooks/rolegate"
          hint={allowPrivate ? "An https:// or http:// address. Each delivery is a signed POST." : "An https:// address on the public internet. Each delivery is a signed POST."}
          defaultValue={kept?.url}
          errors={state.fieldErrors?.url}
        />
        <Field label="Description (optional)" name="description" maxLength={200} defaultValue={kept?.description} errors={state.fieldErrors?.description} />
        {/* A new key after each endpoint added starts the next one from "All events"; a refusal keeps the choice. */}
        <EventChoice key={state.ok ? state.data?.id : "choice"} errors={state.fieldErrors?.events ?? []} />
        <Button type="submit" pending={pending} pendingLabel="Adding…">Add endpoint</Button>
      </form>
      {state.ok && state.data ? (
        <div className="space-y-2 rounded-md bg-amber-50 p-4 ring-1 ring-amber-200">
          <p className="text-sm text-amber-950">
            Signing secret for <bdi className="break-all font-mono text-xs">{state.data.url}</bdi>:
          </p>
          <CopyField id="signing-secret" label="Signing secret" value={state.data.secret} />
          <p className="text-sm text-amber-950">
            This is the only time the secret is shown. Give it to the software behind the endpoint, which uses it to check that each
            delivery comes from Rolegate. If it is lost, delete the endpoint and add it again.
          </p>
        </div>
      ) : null}
    </div>
  );
}

/**
 * "All events", or a choice of event types. The action does not send lists back, so what is ticked
 * is kept here and written into each box's default: React's reset after a refused submission
 * restores defaults, and so keeps the choice.
 */
function EventChoice({ errors }: { errors: string[] }) {
  const [all, setAll] = useState(true);
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const toggle = (type: string, on: boolean) => setChosen((c) => (on ? [...c, type] : c.filter((t) => t !== type)));
  return (
    <>
      <fieldset className="min-w-0 space-y-2" aria-describedby={errors.length ? "events-error" : undefined}>
        <legend className="text-sm font-medium text-slate-800">Events to send</legend>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="events" value="*" defaultChecked={all} onChange={(e) => setAll(e.target.checked)} className="mt-1" />
          <span>
            <span className="font-medium">All events</span>
            <span className="block text-slate-600">Including kinds of event added later.</span>
          </span>
        </label>
        <div className="grid gap-2 pl-6 sm:grid-cols-2">
          {EVENT_TYPES.map((type) => (
            <label key={type} className={cn("flex items-start gap-2 text-sm", all ? "text-slate-400" : "")}>
              <input
                type="checkbox"
                name="events"
                value={type}
                defaultChecked={chosen.includes(type)}
                disabled={all}
                onChange={(e) => toggle(type, e.target.checked)}
                className="mt-1"
              />
              <span>
                <span className="font-mono text-xs font-medium break-all">{type}</span>
                <span className="block text-xs">{EVENT_DESCRIPTIONS[type].replaceAll("`", "")}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div id="events-error" aria-live="polite" className="text-sm text-red-700">
        {errors.map((e) => <p key={e}>{e}</p>)}
      </div>
    </>
  );
}
