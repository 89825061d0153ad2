/**
 * An in-process nudge: "mail was queued". The mail worker in this process sends at once instead of
 * at its next poll; other instances find the rows when they poll.
 */

type Listener = () => void;
const globalForMail = globalThis as unknown as { rolegateMailListeners?: Set<Listener> };
const listeners = (globalForMail.rolegateMailListeners ??= new Set());

/** Called after a transaction that queued mail has committed. */
export function mailQueued(): void {
  for (const listener of listeners) listener();
}

/** Calls `listener` after each commit that queued mail in this process; returns the unsubscribe. */
export function onMailQueued(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
