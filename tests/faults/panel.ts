import { type VerifyEvent, verifyConnectionAction } from "@/lib/actions/connections/verify-connection";

// Apart from ./support: the second-instance test's worker process imports that, and must not load
// the server action (next-auth, next/navigation).

/** What the verify panel would show: the action's events, read to the end (the caller mocks the session). */
export async function panelEvents(connectionId: string): Promise<VerifyEvent[]> {
  const stream = await verifyConnectionAction({ connectionId, trigger: "manual" });
  const reader = stream.getReader();
  const events: VerifyEvent[] = [];
  for (let next = await reader.read(); !next.done; next = await reader.read()) events.push(next.value);
  return events;
}
