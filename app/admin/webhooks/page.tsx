import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { getConfig } from "@/lib/config";
import { requireAdmin } from "@/lib/auth/session";
import { listWebhookEndpoints, MAX_ENDPOINTS } from "@/lib/dal/webhooks";
import { CreateWebhookForm } from "./create-webhook-form";
import { DisabledNotice } from "./disabled-notice";
import { EndpointTable } from "./endpoint-table";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const viewer = await requireAdmin();
  const endpoints = await listWebhookEndpoints(viewer);
  const disabled = endpoints.filter((e) => !e.enabled).length;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Webhooks</h1>
        <p className="mt-1 text-sm text-slate-600">
          Rolegate sends each event to the endpoints that asked for it, signed with the endpoint&apos;s secret, and retries for
          about a day when an endpoint does not answer with a 2xx.
        </p>
      </div>
      {disabled > 0 ? <DisabledNotice count={disabled} /> : null}
      {endpoints.length >= MAX_ENDPOINTS ? (
        <Alert tone="info">There are {MAX_ENDPOINTS} endpoints, the most Rolegate keeps. Delete one to add another.</Alert>
      ) : (
        <CreateWebhookForm allowPrivate={getConfig().webhooks.allowPrivate} />
      )}
      <section aria-labelledby="endpoints-title" className="space-y-3">
        <h2 id="endpoints-title" className="text-lg font-semibold">Endpoints</h2>
        <EndpointTable endpoints={endpoints} />
      </section>
    </div>
  );
}
