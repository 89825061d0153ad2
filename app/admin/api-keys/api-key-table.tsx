"use client";

import { useActionState, useState } from "react";
import { Timestamp } from "@/components/timestamp";
import { FormMessage } from "@/components/ui/alert";
import { ConfirmStep } from "@/components/ui/confirm-step";
import { revokeApiKeyAction } from "@/lib/actions/api-keys/revoke-api-key";
import type { ApiKeySummary } from "@/lib/dal/api-keys";
import { cn } from "@/lib/cn";

const cell = "px-4 py-2 align-top";

/** Every key with its use and state; an active key is revoked after a confirmation naming it. */
export function ApiKeyTable({ keys }: { keys: ApiKeySummary[] }) {
  const [state, action, pending] = useActionState(revokeApiKeyAction, {});
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <div className="space-y-2">
      <FormMessage state={state} />
      <div tabIndex={0} className="relative overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">API keys</caption>
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Name</th>
              <th scope="col" className="px-4 py-2 font-medium">Key</th>
              <th scope="col" className="px-4 py-2 font-medium">Scope</th>
              <th scope="col" className="px-4 py-2 font-medium">Created</th>
              <th scope="col" className="px-4 py-2 font-medium">Last used</th>
              <th scope="col" className="px-4 py-2 font-medium">State</th>
              <th scope="col" className="px-4 py-2 font-medium"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {keys.map((key) => (
              <tr key={key.id} className={key.revokedAt ? "text-slate-500" : undefined}>
                <td className={cn(cell, "font-medium")}><bdi>{key.name}</bdi></td>
                <td className={cn(cell, "font-mono text-xs")}>{`${key.prefix}…`}</td>
                <td className={cell}>{key.scope}</td>
                <td className={cell}>
                  <Timestamp date={key.createdAt} />
                  <span className="block text-xs text-slate-500">
                    {key.createdBy ? <>by <bdi title={key.createdBy.email}>{key.createdBy.name}</bdi></> : "at the shell"}
                  </span>
                </td>
                <td className={cell}><Timestamp date={key.lastUsedAt} /></td>
                <td className={cell}>
                  {key.revokedAt ? <>Revoked <Timestamp date={key.revokedAt} /></> : <span className="font-medium text-emerald-800">Active</span>}
                </td>
                <td className={cell}>
                  {key.revokedAt ? null : (
                    <ConfirmStep
                      open={confirming === key.id}
                      onOpen={() => setConfirming(key.id)}
                      onCancel={() => setConfirming(null)}
                      action={action}
                      pending={pending}
                      fields={{ apiKeyId: key.id }}
                      label="Revoke"
                      name={`Revoke key ${key.name}`}
                      question={<>Revoke <bdi className="font-medium">{key.name}</bdi>? Requests with it are refused from then on. This cannot be undone.</>}
                      confirmLabel="Yes, revoke"
                      pendingLabel="Revoking…"
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
