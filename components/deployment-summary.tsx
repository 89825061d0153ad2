import type { ReactNode } from "react";
import { StatusBadge } from "@/components/status-badge";
import { Timestamp } from "@/components/timestamp";
import { type DeploymentSummary, FAILURES_SHOWN } from "@/lib/dal/deployments";
import { counted, formatCount } from "@/lib/numbers";

/** Organisation-wide deployments (StackSets), each as one unit: its accounts counted by state, and each failure with its reason. */
export function DeploymentList({ deployments, action }: { deployments: DeploymentSummary[]; action?: (deployment: DeploymentSummary) => ReactNode }) {
  if (deployments.length === 0) return null;
  return (
    <ul className="space-y-3">
      {deployments.map((d) => (
        <li key={d.id}>
          <Deployment deployment={d} action={action?.(d)} />
        </li>
      ))}
    </ul>
  );
}

function Deployment({ deployment: d, action }: { deployment: DeploymentSummary; action?: ReactNode }) {
  const label = `Deployment from management account ${d.managementAccountId}`;
  const counts: [string, number][] = [
    ["verified", d.verified],
    ["failing", d.failing],
    ["pending", d.pending],
    ["disconnected", d.disconnected],
  ];
  return (
    <article aria-label={label} className="space-y-2 rounded-md bg-slate-50 p-4 text-sm">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h3 className="font-semibold">{label}</h3>
          <p className="text-slate-600">
            Stack <bdi>{d.stackName}</bdi> in {d.region}, first account registered <Timestamp date={d.createdAt} />
          </p>
        </div>
        {action}
      </div>
      <p>
        <strong>{counted(d.registered, "account")} registered</strong>: {counts.map(([what, n]) => `${formatCount(n)} ${what}`).join(", ")}
      </p>
      {d.failures.length > 0 ? (
        <table className="w-full text-left">
          <caption className="sr-only">Failing accounts</caption>
          <thead>
            <tr className="text-slate-600">
              <th scope="col" className="py-1 pr-3 font-medium">Account</th>
              <th scope="col" className="py-1 pr-3 font-medium">Status</th>
              <th scope="col" className="py-1 font-medium">Why</th>
            </tr>
          </thead>
          <tbody>
            {d.failures.map((f) => (
              <tr key={f.connectionId} className="align-top">
                <td className="py-1 pr-3 font-mono">{f.accountId}</td>
                <td className="py-1 pr-3"><StatusBadge status={f.status} /></td>
                <td className="py-1">{f.message ?? "No reason recorded."}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {d.failing > d.failures.length ? <p className="text-slate-600">The first {formatCount(FAILURES_SHOWN)} failing accounts are listed.</p> : null}
    </article>
  );
}
