/**
 * Following a launched stack until it registers itself: a small state machine the page drives with
 * the launch click, each poll's answer and the clock. Pure, so its rules are tested without a browser.
 */

/** What the poll route says about the organisation's newest connection since the launch. */
export type RegisteredConnection = {
  id: string;
  accountId: string;
  roleArn: string;
  status: "pending" | "verified" | "failed" | "insecure";
  failure: string | null;
};

export type FollowState =
  | { kind: "idle" }
  | { kind: "waiting"; since: number }
  | { kind: "registering"; since: number; connection: RegisteredConnection }
  | { kind: "failed"; since: number; connection: RegisteredConnection }
  | { kind: "verified"; connection: RegisteredConnection }
  | { kind: "gave-up" };

export type FollowEvent =
  | { type: "launched"; at: number }
  | { type: "polled"; connection: RegisteredConnection | null; at: number }
  | { type: "tick"; at: number }
  | { type: "stop" };

/** How often the page asks, and for how long after the launch. */
export const POLL_EVERY_MS = 2_000;
export const FOLLOW_FOR_MS = 15 * 60 * 1000;

/** The next state. A verified connection ends the wait; a failed one is shown while the wait goes on (the stack may be re-created). */
export function follow(state: FollowState, event: FollowEvent): FollowState {
  if (event.type === "stop") return { kind: "idle" };
  if (event.type === "launched") return state.kind === "verified" ? state : { kind: "waiting", since: event.at };
  if (state.kind === "idle" || state.kind === "verified" || state.kind === "gave-up") return state;
  if (event.at - state.since >= FOLLOW_FOR_MS) return { kind: "gave-up" };
  if (event.type === "tick" || !event.connection) return state;
  const { connection } = event;
  switch (connection.status) {
    case "verified":
      return { kind: "verified", connection };
    case "pending":
      return { kind: "registering", since: state.since, connection };
    default:
      return { kind: "failed", since: state.since, connection };
  }
}

/** Whether the page should keep polling in this state. */
export function isFollowing(state: FollowState): state is Extract<FollowState, { since: number }> {
  return state.kind === "waiting" || state.kind === "registering" || state.kind === "failed";
}
