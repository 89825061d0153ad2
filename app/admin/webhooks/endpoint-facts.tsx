import type { WebhookEndpointView } from "@/lib/dal/webhooks";

/** The event types an endpoint receives, or "All events". */
export function EventList({ events }: { events: readonly string[] }) {
  if (events.includes("*")) return <span>All events</span>;
  return (
    <ul className="space-y-0.5">
      {events.map((type) => (
        <li key={type} className="font-mono text-xs">{type}</li>
      ))}
    </ul>
  );
}

/** Enabled, or disabled with the reason Rolegate gave. */
export function EndpointState({ endpoint }: { endpoint: Pick<WebhookEndpointView, "enabled" | "disabledReason"> }) {
  if (endpoint.enabled) return <span className="font-medium text-emerald-800">Enabled</span>;
  return (
    <span>
      <span className="font-semibold text-amber-900">Disabled</span>
      {endpoint.disabledReason ? <span className="block text-xs text-amber-900">{endpoint.disabledReason}</span> : null}
    </span>
  );
}
