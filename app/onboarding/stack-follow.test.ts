import { describe, expect, it } from "vitest";
import { FOLLOW_FOR_MS, follow, type FollowState, isFollowing, type RegisteredConnection } from "./stack-follow";

const connection = (status: RegisteredConnection["status"], id = "c1"): RegisteredConnection => ({
  id,
  accountId: "123456789012",
  roleArn: "arn:aws:iam::123456789012:role/RolegateAccess",
  status,
  failure: status === "failed" ? "AWS refused Rolegate access to the role" : null,
});

const run = (events: Parameters<typeof follow>[1][], start: FollowState = { kind: "idle" }) => events.reduce(follow, start);

describe("following a launched stack", () => {
  it("does nothing until the stack is launched", () => {
    expect(run([{ type: "polled", connection: connection("verified"), at: 1 }])).toEqual({ kind: "idle" });
  });

  it("waits after the launch, and switches to verified when the stack's connection verifies", () => {
    const waiting = run([{ type: "launched", at: 1_000 }, { type: "polled", connection: null, at: 3_000 }]);
    expect(waiting).toEqual({ kind: "waiting", since: 1_000 });
    expect(isFollowing(waiting)).toBe(true);
    const done = follow(waiting, { type: "polled", connection: connection("verified"), at: 5_000 });
    expect(done).toEqual({ kind: "verified", connection: connection("verified") });
    expect(isFollowing(done)).toBe(false);
  });

  it("says the stack reported in while the connection is still being checked", () => {
    const state = run([{ type: "launched", at: 0 }, { type: "polled", connection: connection("pending"), at: 2_000 }]);
    expect(state).toMatchObject({ kind: "registering", connection: { status: "pending" } });
  });

  it("shows a failure from the stack but keeps following, so a re-created stack still gets through", () => {
    const failed = run([{ type: "launched", at: 0 }, { type: "polled", connection: connection("failed"), at: 2_000 }]);
    expect(failed).toMatchObject({ kind: "failed", connection: { failure: "AWS refused Rolegate access to the role" } });
    expect(isFollowing(failed)).toBe(true);
    expect(follow(failed, { type: "polled", connection: connection("verified", "c2"), at: 60_000 })).toMatchObject({ kind: "verified", connection: { id: "c2" } });
    expect(run([{ type: "launched", at: 0 }, { type: "polled", connection: connection("insecure"), at: 2_000 }])).toMatchObject({ kind: "failed" });
  });

  it("gives up after the follow window, even if a connection shows up later", () => {
    const state = run([{ type: "launched", at: 0 }, { type: "tick", at: FOLLOW_FOR_MS - 1 }]);
    expect(state.kind).toBe("waiting");
    const late = follow(state, { type: "polled", connection: connection("verified"), at: FOLLOW_FOR_MS });
    expect(late).toEqual({ kind: "gave-up" });
    expect(isFollowing(late)).toBe(false);
    expect(follow(late, { type: "polled", connection: connection("verified"), at: FOLLOW_FOR_MS + 1 })).toEqual({ kind: "gave-up" });
  });

  it("starts over on a second launch, but never leaves a verified card", () => {
    const gaveUp: FollowState = { kind: "gave-up" };
    expect(follow(gaveUp, { type: "launched", at: 5 })).toEqual({ kind: "waiting", since: 5 });
    const verified: FollowState = { kind: "verified", connection: connection("verified") };
    expect(follow(verified, { type: "launched", at: 5 })).toBe(verified);
    expect(follow({ kind: "waiting", since: 0 }, { type: "stop" })).toEqual({ kind: "idle" });
  });
});
