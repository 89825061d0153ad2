import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { StatusBadge } from "@/components/status-badge";
import { VerifyPanel } from "@/components/verify-panel";
import { When } from "@/components/when";
import { getAdminConnection, listConnectionHistory } from "@/lib/dal/admin/connection-detail";
import { isDalError } from "@/lib/dal/errors";
import { requireAdmin } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import { statusSinceLabel } from "@/lib/health/words";
import { connectionListSearch } from "@/lib/schemas/admin-connections";
import { DisconnectButton } from "../row-actions";
import { History } from "./history";

export const metadata: Metadata = { title: "Connection" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ older?: string | string[] }> };

function nextCheck(status: string, at: Date | null): ReactNode {
  if (status === "disconnected") return "none";
  if (getConfig().health.intervalMs === null) return "scheduled checks are off";
  return at ? <When date={at} /> : "within the next interval";
}

export default async function ConnectionPage({ params, searchParams }: Props) {
  const viewer = await requireAdmin();
  const { id } = await params;
  const { older } = await searchParams;
  const [connection, history] = await Promise.all([getAdminConnection(viewer, id), listConnectionHistory(viewer, id, typeof older === "string" ? older : undefined)]).catch(
    (error: unknown) => {
      if (isDalError(error, "not_found")) notFound();
      throw error;
    },
  );
  const onOldId = connection.externalId !== connection.organization.externalId;
  const fact = (label: string, value: ReactNode) => (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="break-all">{value}</dd>
    </div>
  );
  return (
    <div className="space-y-8">
      <div className="space-y-1">
        <p className="text-sm">
          <Link href={`/admin/organizations/${connection.organization.id}`} className="font-medium text-indigo-700 underline"><bdi>{connection.organization.name}</bdi></Link>
          {" · "}
          <Link href={`/admin/connections${connectionListSearch({ org: connection.organization.id })}`} className="text-indigo-700 underline">its connections</Link>
        </p>
        <h1 className="flex flex-wrap items-center gap-3 text-2xl font-bold tracking-tight">
          Account {connection.accountId} <StatusBadge status={connection.status} />
        </h1>
        <p className="break-all font-mono text-sm text-slate-700">{connection.roleArn}</p>
      </div>
      <dl className="grid grid-cols-2 gap-3 rounded-lg bg-white p-5 text-sm shadow-sm ring-1 ring-slate-200 sm:grid-cols-3">
        {fact("Partition", connection.partition)}
        {fact("Role name", connection.roleName)}
        {fact("Connected", <When date={connection.createdAt} />)}
        {fact(statusSinceLabel(connection.status), <When date={connection.statusSince} never="unknown" />)}
        {fact("Next scheduled check", nextCheck(connection.status, connection.nextCheckAt))}
        {fact("Last checked", <When date={connection.lastCheckedAt} />)}
        {fact("Last verified", <When date={connection.lastVerifiedAt} />)}
        {fact("Last failure", connection.status === "verified" ? "none" : (connection.lastFailureMessage ?? "none"))}
        {fact("External ID on the stack", <span className="font-mono text-xs">{connection.externalId}</span>)}
        {fact("External ID", onOldId ? "a previous one: the customer has not updated its stack yet" : "the organisation's current one")}
      </dl>
      {connection.status === "disconnected" ? (
        <p className="text-sm text-slate-600">This connection is disconnected: Rolegate no longer uses or checks it.</p>
      ) : (
        <section aria-labelledby="actions" className="space-y-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
          <h2 id="actions" className="text-lg font-semibold">Check or disconnect</h2>
          <div className="flex flex-wrap items-start justify-between gap-4">
            <VerifyPanel connectionId={connection.id} trigger="manual" label="Re-verify" />
            <DisconnectButton connectionId={connection.id} accountId={connection.accountId} />
          </div>
        </section>
      )}
      <section aria-labelledby="history" className="space-y-3">
        <h2 id="history" className="text-lg font-semibold">Verification history</h2>
        <History entries={history.entries} externalIds={{ connection: connection.externalId, organization: connection.organization.externalId }} />
        {history.older ? (
          <Link href={`/admin/connections/${connection.id}?older=${encodeURIComponent(history.older)}`} className="text-sm font-medium text-indigo-700 underline">Older verifications</Link>
        ) : null}
      </section>
    </div>
  );
}
