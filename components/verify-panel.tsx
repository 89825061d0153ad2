"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { verifyConnectionAction, type VerifyEvent } from "@/lib/actions/connections/verify-connection";
import type { VerificationProgress, VerificationResult } from "@/lib/aws/verify";
import type { CheckId } from "@/lib/aws/checks";
import { FailureExplanation } from "./failure-explanation";
import { VerificationChecks } from "./verification-checks";

/** Runs the live checks for a connection and shows each one's state as it happens. */
export function VerifyPanel({ connectionId, trigger, label = "Verify access" }: { connectionId: string; trigger: "onboarding" | "manual"; label?: string }) {
  const router = useRouter();
  const [running, setRunning] = useState(false);
  const [checks, setChecks] = useState<Partial<Record<CheckId, VerificationProgress>>>({});
  const [result, setResult] = useState<VerificationResult>();
  const [refused, setRefused] = useState<string>();

  async function verify() {
    setRunning(true);
    setChecks({});
    setResult(undefined);
    setRefused(undefined);
    let recorded = false;
    try {
      const stream = await verifyConnectionAction({ connectionId, trigger });
      const reader = stream.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        apply(value);
        if (value.type === "done") recorded = true;
      }
    } catch {
      setRefused("Rolegate could not be reached, so the check did not finish. Try again.");
    } finally {
      setRunning(false);
      // The page shows the new status and history; a refused call changed nothing to show.
      if (recorded) router.refresh();
    }
  }

  function apply(event: VerifyEvent) {
    if (event.type === "progress") setChecks((current) => ({ ...current, [event.check.id]: event.check }));
    else if (event.type === "done") {
      setResult(event.result);
      setChecks(Object.fromEntries(event.result.checks.map((c) => [c.id, c])));
    } else setRefused(event.message);
  }

  const started = running || result !== undefined;
  return (
    <div className="space-y-4">
      {started ? (
        <VerificationChecks checks={checks} />
      ) : null}
      {running ? (
        <p className="text-sm text-slate-600" aria-live="polite">
          AWS can take up to a minute to make a new role usable; we will keep trying.
        </p>
      ) : null}
      {refused ? <Alert tone="error">{refused}</Alert> : null}
      {result?.status === "verified" ? <Alert tone="success" title="Access verified">Rolegate can assume this role, only with your External ID, and the role grants the access it needs.</Alert> : null}
      {result && result.status !== "verified" && result.failure ? <FailureExplanation status={result.status} failure={result.failure} checks={result.checks} /> : null}
      <Button type="button" onClick={verify} pending={running} pendingLabel="Verifying…">
        {result && result.status !== "verified" ? "Try again" : label}
      </Button>
    </div>
  );
}
