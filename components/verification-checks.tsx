import type { VerificationProgress } from "@/lib/aws/verify";
import { CHECK_IDS, CHECK_LABELS, type CheckId } from "@/lib/aws/checks";
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

/** The live checks of a verification, each with its state and, unless it passed, what it says. */
export function VerificationChecks({ checks }: { checks: Partial<Record<CheckId, VerificationProgress>> }) {
  return (
    <ol aria-label="Verification checks" className="space-y-2">
      {CHECK_IDS.map((id) => {
        const check = checks[id];
        const state = check?.state ?? "pending";
        return (
          <li key={id} className="flex items-start justify-between gap-4 rounded-md bg-slate-50 px-3 py-2 text-sm">
            <span>
              {check?.label ?? CHECK_LABELS[id]}
              {check && "message" in check && check.message && state !== "passed" ? <span className="block text-xs text-slate-600">{check.message}</span> : null}
            </span>
            <span className={cn("shrink-0 font-medium", stateStyle[state])}>{stateText[state]}</span>
          </li>
        );
      })}
    </ol>
  );
}
