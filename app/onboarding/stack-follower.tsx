"use client";

import { useRouter } from "next/navigation";
import { useEffect, useReducer } from "react";
import { Alert } from "@/components/ui/alert";
import { LAUNCHED_EVENT, launchedAt } from "./launch-record";
import { FOLLOW_FOR_MS, follow, isFollowing, POLL_EVERY_MS, type RegisteredConnection } from "./stack-follow";

async function poll(since: number): Promise<RegisteredConnection | null | undefined> {
  try {
    const response = await fetch(`/onboarding/registration?since=${Math.max(0, Date.now() - since)}`, { cache: "no-store" });
    if (!response.ok) return undefined;
    return ((await response.json()) as { connection: RegisteredConnection | null }).connection;
  } catch {
    return undefined; // a missed poll is retried at the next tick
  }
}

/**
 * After "Launch stack", when the stack registers itself: "Waiting for your stack…" until a
 * connection of the organisation registers and verifies, then the verified card, without a reload.
 */
export function StackFollower() {
  const router = useRouter();
  const [state, dispatch] = useReducer(follow, { kind: "idle" });

  useEffect(() => {
    // A reload while the stack is being created keeps following it.
    const at = launchedAt();
    if (at !== null && Date.now() - at < FOLLOW_FOR_MS) dispatch({ type: "launched", at });
    const onLaunch = (event: Event) => dispatch({ type: "launched", at: Number((event as CustomEvent<number>).detail) || Date.now() });
    window.addEventListener(LAUNCHED_EVENT, onLaunch);
    return () => window.removeEventListener(LAUNCHED_EVENT, onLaunch);
  }, []);

  const following = isFollowing(state);
  const since = following ? state.since : undefined;
  useEffect(() => {
    if (since === undefined) return;
    let stopped = false;
    const timer = setInterval(async () => {
      const connection = await poll(since);
      if (stopped) return;
      dispatch(connection === undefined ? { type: "tick", at: Date.now() } : { type: "polled", connection, at: Date.now() });
    }, POLL_EVERY_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [since]);

  const verifiedId = state.kind === "verified" ? state.connection.id : undefined;
  useEffect(() => {
    if (verifiedId) router.replace(`/onboarding?connection=${verifiedId}`);
  }, [verifiedId, router]);

  switch (state.kind) {
    case "idle":
      return null;
    case "waiting":
      return (
        <Alert tone="info" title="Waiting for your stack…">
          <p>
            In the AWS tab, tick the acknowledgement that CloudFormation might create IAM resources, then choose <strong>Create stack</strong>. The
            stack tells us when the role is ready; this page then shows the connected account by itself.
          </p>
          <p className="mt-2">
            Stack created but nothing happened? <a href="#role-arn" className="font-medium underline">Paste the RoleArn</a> from its Outputs below.
          </p>
        </Alert>
      );
    case "registering":
      return (
        <Alert tone="info" title="Your stack reported in">
          Checking access to account <span className="font-mono">{state.connection.accountId}</span>…
        </Alert>
      );
    case "failed":
      return (
        <Alert tone="error" title={`Account ${state.connection.accountId} could not be verified`}>
          <p>{state.connection.failure ?? "The role the stack created could not be verified."}</p>
          <p className="mt-2">The stack shows the reason too. Fix it and create the stack again, or paste the RoleArn below; this page keeps waiting.</p>
        </Alert>
      );
    case "verified":
      return <Alert tone="success" title={`Account ${state.connection.accountId} is connected`}>Opening it…</Alert>;
    case "gave-up":
      return (
        <Alert tone="warning" title="We stopped waiting for your stack">
          Nothing registered within 15 minutes. If the stack was created, paste its RoleArn below; otherwise launch it again.
        </Alert>
      );
  }
}
