import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Timestamp } from "@/components/timestamp";
import { Alert } from "@/components/ui/alert";
import { isDalError } from "@/lib/dal/errors";
import { requireAdmin } from "@/lib/auth/session";
import type { UserViewer } from "@/lib/dal/viewer";
import { getWebhookEndpoint, listDeliveries } from "@/lib/dal/webhooks";
import { EnableWebhookButton } from "../enable-webhook-button";
import { EndpointState, EventList } from "../endpoint-facts";
import { DeliveryTable } from "./delivery-table";
import { RefreshWhileDue } from "./refresh-while-due";

export const metadata: Metadata = { title: "Webhook endpoint" };

const PAGE_SIZE = 50;

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ cursor?: string | string[] }> };

export default async function WebhookEndpointPage({ params, searchParams }: Props) {
  const viewer = await requireAdmin();
  const { id } = await params;
  const { cursor } = await searchParams;
  const endpoint = await getWebhookEndpoint(viewer, id).catch((error: unknown) => {
    if (isDalError(error, "not_found")) notFound();
    throw error;
  });
  const deliveries = await deliveriesPage(viewer, endpoint.id, typeof cursor === "string" ? cursor : undefined);
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/admin/webhooks" className="text-indigo-700 hover:underline">← All webhook endpoints</Link>
      </p>
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">Webhook endpoint</h1>
        <p className="break-all font-mono text-sm text-slate-800"><bdi>{endpoint.url}</bdi></p>
        {endpoint.description ? <p className="text-sm text-slate-600"><bdi>{endpoint.description}</bdi></p> : null}
      </div>
      {endpoint.enabled ? null : (
        <Alert tone="warning" title="This endpoint is disabled">
          <p>
            {endpoint.disabledReason ?? "It failed for too long."} Events since then were not sent to it: re-enable it, then catch up
            with <code className="font-mono text-xs">GET /api/v1/events</code>.
          </p>
          <div className="mt-2"><EnableWebhookButton webhookId={endpoint.id} url={endpoint.url} /></div>
        </Alert>
      )}
      <dl className="grid grid-cols-2 gap-3 rounded-lg bg-white p-5 text-sm shadow-sm ring-1 ring-slate-200 sm:grid-cols-4">
        <div><dt className="text-slate-500">Events</dt><dd><EventList events={endpoint.events} /></dd></div>
        <div><dt className="text-slate-500">State</dt><dd><EndpointState endpoint={endpoint} /></dd></div>
        <div><dt className="text-slate-500">Failing since</dt><dd><Timestamp date={endpoint.failingSince} never="—" /></dd></div>
        <div><dt className="text-slate-500">Added</dt><dd><Timestamp date={endpoint.createdAt} /></dd></div>
      </dl>
      <section aria-labelledby="deliveries-title" className="space-y-3">
        <h2 id="deliveries-title" className="text-lg font-semibold">Deliveries</h2>
        {deliveries.stale ? <Alert tone="warning">That link to older deliveries is not valid any more. These are the newest.</Alert> : null}
        <RefreshWhileDue active={endpoint.enabled && dueSoon(deliveries.data)} />
        {deliveries.data.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing sent yet. Deliveries appear here when an event this endpoint wants happens.</p>
        ) : (
          <DeliveryTable webhookId={endpoint.id} deliveries={deliveries.data} canRetry={endpoint.enabled} />
        )}
        <nav aria-label="Pages of deliveries" className="flex justify-between gap-3 text-sm">
          <span>{deliveries.paged ? <Link href={`/admin/webhooks/${endpoint.id}`} className="font-medium text-indigo-700 underline">Newest deliveries</Link> : null}</span>
          <span>
            {deliveries.nextCursor ? (
              <Link href={`/admin/webhooks/${endpoint.id}?${new URLSearchParams({ cursor: deliveries.nextCursor })}`} className="font-medium text-indigo-700 underline">
                Older deliveries
              </Link>
            ) : null}
          </span>
        </nav>
      </section>
    </div>
  );
}

/** A page of deliveries; a cursor the DAL does not accept (edited, or from an old link) shows the newest page instead. */
async function deliveriesPage(viewer: UserViewer, endpointId: string, cursor: string | undefined) {
  try {
    return { ...(await listDeliveries(viewer, endpointId, { limit: PAGE_SIZE, cursor })), paged: Boolean(cursor), stale: false };
  } catch (error) {
    if (!cursor || !isDalError(error, "invalid")) throw error;
    return { ...(await listDeliveries(viewer, endpointId, { limit: PAGE_SIZE })), paged: false, stale: true };
  }
}

/** Whether a delivery on the page is about to be attempted, so that its outcome is worth waiting for. */
function dueSoon(deliveries: { status: string; nextAttemptAt: Date | null }[]): boolean {
  const soon = Date.now() + 60_000;
  return deliveries.some((d) => d.status === "pending" && (d.nextAttemptAt === null || d.nextAttemptAt.getTime() <= soon));
}
