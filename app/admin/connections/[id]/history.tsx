import type { ReactNode } from "react";
import { When } from "@/components/when";
import type { HistoryEntry } from "@/lib/dal/admin/connection-detail";
import { cn } from "@/lib/cn";
import { inconclusiveReason } from "@/lib/health/words";

const checkStyle: Record<string, string> = { passed: "text-emerald-700", failed: "text-red-700", skipped: "text-slate-500" };

/** The External ID a check presented, as a short recognisable tail, and what it is now. */
function idNote(used: string | null, ids: { connection: string; organization: string }): string {
  if (!used) return "not recorded";
  const tail = `…${used.slice(-6)}`;
  if (used === ids.organization) return `${tail} (current)`;
  return used === ids.connection ? `${tail} (previous, still on the stack)` : `${tail} (previous)`;
}

/** Every verification of a connection: outcome, trigger, actor, duration, and each check with its AWS request id. */
export function History({ entries, externalIds }: { entries: HistoryEntry[]; externalIds: { connection: string; organization: string } }) {
  if (entries.length === 0) return <p className="text-sm text-slate-600">Never verified.</p>;
  return (
    <ol aria-label="Verification history" className="space-y-3">
      {entries.map((v) => (
        <li key={v.id} aria-label={`Verification at ${v.startedAt.toISOString()}`} className="space-y-2 rounded-lg bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <p>
              {v.inconclusive ? (
                <span className="font-semibold text-amber-800">Inconclusive: {inconclusiveReason(v.failureCode)}</span>
              ) : (
                <span className="font-semibold">{v.status}</span>
              )}{" "}
              · <When date={v.startedAt} /> · {v.durationMs} ms
            </p>
            <p className="text-slate-600">
              {v.trigger}
              {actorText(v)}
            </p>
          </div>
          <p className="text-xs text-slate-600">
            External ID {idNote(v.externalId, externalIds)}
            {v.failureCode ? ` · failure: ${v.failureCode}` : ""}
            {v.inconclusive ? " · the connection's status was left as it was" : ""}
          </p>
          {/* On a phone the checks scroll within their box, not the page. */}
          <div tabIndex={0} className="relative overflow-x-auto">
          <table className="min-w-full text-xs">
            <caption className="sr-only">Checks</caption>
            <thead className="text-left text-slate-500">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">Check</th>
                <th scope="col" className="py-1 pr-3 font-medium">Outcome</th>
                <th scope="col" className="py-1 pr-3 font-medium">AWS code</th>
                <th scope="col" className="py-1 pr-3 font-medium">AWS request id</th>
                <th scope="col" className="py-1 pr-3 font-medium">Duration</th>
              </tr>
            </thead>
            <tbody>
              {v.checks.map((c) => (
                <tr key={c.id}>
                  <td className="py-1 pr-3">{c.label}{c.message && c.state !== "passed" ? <span className="block text-slate-500">{c.message}</span> : null}</td>
                  <td className={cn("py-1 pr-3 font-medium", checkStyle[c.state] ?? "")}>{c.state}{c.attempts > 1 ? ` (${c.attempts} attempts)` : ""}</td>
                  <td className="py-1 pr-3 font-mono">{c.awsCode ?? ""}</td>
                  <td className="break-all py-1 pr-3 font-mono">{c.requestId ?? ""}</td>
                  <td className="py-1 pr-3">{c.durationMs} ms</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </li>
      ))}
    </ol>
  );
}

function actorText(v: HistoryEntry): ReactNode {
  if (v.actor?.kind === "user") return <> by <bdi>{v.actor.name}</bdi> (<bdi>{v.actor.email}</bdi>)</>;
  if (v.actor?.kind === "api-key") return <> by API key <bdi>{v.actor.name}</bdi> ({v.actor.prefix}…)</>;
  return v.trigger === "manual" || v.trigger === "onboarding" || v.trigger === "api" ? "" : " (automatic)";
}
