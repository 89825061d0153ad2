/**
 * An in-process nudge: "events were committed". Readers in this process (the webhook worker)
 * react at once instead of at their next poll; other instances find the events when they poll.
 */

type Listener = () => void;
const globalForEvents = globalThis as unknown as { rolegateEventListeners?: Set<Listener> };
const listeners = (globalForEvents.rolegateEventListeners ??= new Set());

/** Called after a transaction that wrote events has committed. */
export function eventsCommitted(): void {
  for (const listener of listeners) listener();
}

/** Calls `listener` after each commit that wrote events in this process; returns the unsubscribe. */
export function onEventsCommitted(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
