"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import { Timestamp } from "@/components/timestamp";
import { FormMessage } from "@/components/ui/alert";
import { ConfirmStep } from "@/components/ui/confirm-step";
import { deleteWebhookAction } from "@/lib/actions/webhooks/delete-webhook";
import type { WebhookEndpointView } from "@/lib/dal/webhooks";
import { EnableWebhookButton } from "./enable-webhook-button";
import { EndpointState, EventList } from "./endpoint-facts";
import { cn } from "@/lib/cn";

const cell = "px-4 py-2 align-top";

/**
 * Every endpoint with its state; a disabled one can be re-enabled, any one deleted after a
 * confirmation naming it. Rendered when there are none too, so that "deleted" is still said then.
 */
export function EndpointTable({ endpoints }: { endpoints: WebhookEndpointView[] }) {
  const [state, action, pending] = useActionState(deleteWebhookAction, {});
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <div className="space-y-2">
      <FormMessage state={state} />
      {endpoints.length === 0 ? (
        <p className="text-sm text-slate-600">No endpoint yet. Add one above.</p>
      ) : (
        <div tabIndex={0} className="relative overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Webhook endpoints</caption>
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Endpoint</th>
                <th scope="col" className="px-4 py-2 font-medium">Events</th>
                <th scope="col" className="px-4 py-2 font-medium">State</th>
                <th scope="col" className="px-4 py-2 font-medium">Failing since</th>
                <th scope="col" className="px-4 py-2 font-medium"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {endpoints.map((endpoint) => (
                <tr key={endpoint.id} className={endpoint.enabled ? undefined : "bg-amber-50"}>
                  <td className={cn(cell, "max-w-xs")}>
                    <Link href={`/admin/webhooks/${endpoint.id}`} className="break-all font-mono text-xs font-medium text-indigo-700 hover:underline">
                      <bdi>{endpoint.url}</bdi>
                    </Link>
                    {endpoint.description ? <span className="block text-slate-600"><bdi>{endpoint.description}</bdi></span> : null}
                  </td>
                  <td className={cell}><EventList events={endpoint.events} /></td>
                  <td className={cell}><EndpointState endpoint={endpoint} /></td>
                  <td className={cell}><Timestamp date={endpoint.failingSince} never="—" /></td>
                  <td className={cn(cell, "space-y-2")}>
                    {endpoint.enabled ? null : <EnableWebhookButton webhookId={endpoint.id} url={endpoint.url} />}
                    <ConfirmStep
                      open={confirming === endpoint.id}
                      onOpen={() => setConfirming(endpoint.id)}
                      onCancel={() => setConfirming(null)}
                      action={action}
                      pending={pending}
                      fields={{ webhookId: endpoint.id }}
                      label="Delete"
                      name={`Delete endpoint ${endpoint.url}`}
                      question="Delete this endpoint? Nothing more is sent to it, and deliveries still waiting are dropped."
                      confirmLabel="Yes, delete"
                      pendingLabel="Deleting…"
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
