"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { verifyConnectionAction, type VerifyEvent } from "@/lib/actions/connections/verify-connection";
import type { VerificationProgress, VerificationResult } from "@/lib/aws/verify";
import { CHECK_LABELS, CHECK_IDS, type CheckId } from "@/lib/aws/checks";
import { FailureExplanation } from "./failure-explanation";
import { cn } from "@/lib/cn";

const stateText: Record<VerificationProgress["state"] | "pending", string> = {
  pending: "Not started",
  running: "Running…",
  waiting: "Waiting…",
  passed: "Passed",
  failed: "Failed",
  skipped: "Not run",
};

const stateStyle: Record<VerificationProgress["state"] | "pending", string> = {
  pending: "text-slate-500",
  running: "text-indigo-700",
  waiting: "text-amber-700",
  passed: "text-emerald-700",
  failed: "text-red-700",
  skipped: "text-slate-500",
};

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
        <ol aria-label="Verification checks" className="space-y-2">
          {CHECK_IDS.map((id) => {
            const check = checks[id];
            const state = check?.state ?? "pending";
            return (
              <li key={id} className="flex items-start justify-between gap-4 rounded-md bg-slate-50 px-3 py-2 text-sm">
                <span>
                  {check?.label ?? CHECK_LABELS[id]}
                  {check && "message" in check && check.message && state !== "passed" ? (
                    <span className="block text-xs text-slate-600">{check.message}</span>
                  ) : null}
                </span>
                <span className={cn("shrink-0 font-medium", stateStyle[state])}>{stateText[state]}</span>
              </li>
            );
          })}
        </ol>
      ) : null}
      {running ? (
        <p className="text-sm text-slate-600" aria-live="polite">
          AWS can take up to a minute to make a new role usable; we will keep trying.
        </p>
      ) : null}
      {refused ? <Alert tone="error">{refused}</Alert> : null}
      {result?.status === "verified" ? <Alert tone="success" title="Access verified">Rolegate can assume this role, and only with your External ID.</Alert> : null}
      {result && result.status !== "verified" && result.failure ? <FailureExplanation status={result.status} failure={result.failure} checks={result.checks} /> : null}
      <Button type="button" onClick={verify} pending={running} pendingLabel="Verifying…">
        {result && result.status !== "verified" ? "Try again" : label}
      </Button>
    </div>
  );
}
