import type { Metadata } from "next";
import Form from "next/form";
import Link from "next/link";
import { OutcomesChart } from "@/components/outcomes-chart";
import { StatusBadge } from "@/components/status-badge";
import { When } from "@/components/when";
import { connectionOverview, FRESHNESS_COUNT_LIMIT, verificationOutcomesByDay } from "@/lib/dal/admin/overview";
import { requireAdmin } from "@/lib/auth/session";
import { countDisabledWebhookEndpoints } from "@/lib/dal/webhooks";
import { CONNECTION_STATUSES, connectionListSearch, overviewSchema } from "@/lib/schemas/admin-connections";
import { DisabledNotice } from "./webhooks/disabled-notice";
import { cn } from "@/lib/cn";
import { counted, formatCount, formatCountUpTo } from "@/lib/numbers";
import { getConfig } from "@/lib/config";
import { healthAlertForAdmin } from "@/lib/dal/health-alerts";
import { PARTNER_ALERT } from "@/lib/health/classify";
import { formatInterval } from "@/lib/health/interval";
import { inconclusiveReason } from "@/lib/health/words";

export const metadata: Metadata = { title: "Dashboard" };

const card = "rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200";

export default async function AdminHome({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireAdmin();
  const { days } = overviewSchema.parse(await searchParams);
  const intervalMs = getConfig().health.intervalMs;
  const uncheckedAfterMs = 2 * (intervalMs ?? 86_400_000);
  const [overview, outcomes, disabledEndpoints, partnerAlert] = await Promise.all([
    connectionOverview(viewer, days, new Date(), uncheckedAfterMs),
    verificationOutcomesByDay(viewer, 30),
    countDisabledWebhookEndpoints(viewer),
    healthAlertForAdmin(viewer, PARTNER_ALERT),
  ]);
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-bold tracking-tight">Dashboard</h1>
        <p className="text-sm text-slate-600">
          {counted(overview.total, "connection")} across {counted(overview.organizations, "organisation")} ·{" "}
          <Link href="/admin/organizations" className="font-medium text-indigo-700 underline">Organisations and invites</Link>
        </p>
      </div>
      {partnerAlert ? (
        <div role="alert" className="rounded-lg bg-red-50 p-4 text-sm text-red-900 ring-1 ring-red-200">
          <p className="font-semibold">Scheduled checks are failing on the partner&apos;s side</p>
          <p>
            Since <When date={partnerAlert.raisedAt} />: {inconclusiveReason(partnerAlert.reason)}. Customers&apos; statuses are left as they
            were and these checks are recorded as inconclusive until Rolegate can reach their roles again. Check the partner identity&apos;s
            credentials and its permission to call sts:AssumeRole.
          </p>
        </div>
      ) : null}
      {disabledEndpoints > 0 ? <DisabledNotice count={disabledEndpoints} href="/admin/webhooks" /> : null}
      <section aria-labelledby="by-status">
        <h2 id="by-status" className="mb-3 text-lg font-semibold">Connections by status</h2>
        <ul className="grid grid-cols-2 gap-4 sm:grid-cols-5">
          {CONNECTION_STATUSES.map((status) => (
            <li key={status}>
              <Link href={`/admin/connections${connectionListSearch({ status })}`} className={cn(card, "block hover:ring-indigo-300")} aria-label={`${formatCount(overview.byStatus[status])} ${status}`}>
                <StatusBadge status={status} />
                <span className="mt-2 block text-3xl font-semibold tracking-tight">{formatCount(overview.byStatus[status])}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="freshness" className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="freshness" className="text-lg font-semibold">Not verified lately</h2>
          <Form action="/admin" className="flex items-end gap-2 text-sm">
            <label htmlFor="days" className="text-slate-700">Window (days)</label>
            <input id="days" name="days" type="number" min={1} max={365} defaultValue={days} className="w-20 rounded-md border-0 px-2 py-1 ring-1 ring-inset ring-slate-300" />
            <button type="submit" className="rounded-md px-2.5 py-1 font-medium ring-1 ring-inset ring-slate-300 hover:bg-slate-50">Apply</button>
          </Form>
        </div>
        <dl className="grid grid-cols-1 gap-4 sm:grid-cols-3">
          <div className={card}>
            <dt className="text-sm text-slate-600">Never verified</dt>
            <dd className="mt-1 text-3xl font-semibold tracking-tight">{formatCountUpTo(overview.neverVerified, FRESHNESS_COUNT_LIMIT)}</dd>
          </div>
          <div className={card}>
            <dt className="text-sm text-slate-600">Not verified in the last {days} day{days === 1 ? "" : "s"}</dt>
            <dd className="mt-1 text-3xl font-semibold tracking-tight">{formatCountUpTo(overview.notVerifiedRecently, FRESHNESS_COUNT_LIMIT)}</dd>
          </div>
          <div className={card}>
            <dt className="text-sm text-slate-600">Not checked for over {formatInterval(uncheckedAfterMs)}</dt>
            <dd className="mt-1 text-3xl font-semibold tracking-tight">{formatCountUpTo(overview.notCheckedRecently, FRESHNESS_COUNT_LIMIT)}</dd>
            {intervalMs === null ? <dd className="mt-1 text-xs text-slate-500">Scheduled checks are off (HEALTH_CHECK_INTERVAL=off).</dd> : null}
          </div>
        </dl>
        <p className="text-xs text-slate-500">Disconnected connections are not counted here.</p>
      </section>
      <section aria-labelledby="outcomes" className={cn(card, "space-y-3")}>
        <h2 id="outcomes" className="text-lg font-semibold">Verification outcomes, last 30 days (UTC)</h2>
        <OutcomesChart days={outcomes} />
      </section>
    </div>
  );
}
