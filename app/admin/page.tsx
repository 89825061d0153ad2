import type { Metadata } from "next";
import Link from "next/link";
import { listOrganizations } from "@/lib/dal/organizations";
import { requireAdmin } from "@/lib/dal/session";

export const metadata: Metadata = { title: "Dashboard" };

export default async function AdminHome() {
  const viewer = await requireAdmin();
  const organizations = await listOrganizations(viewer);
  const connections = organizations.reduce((n, o) => n + o.connectionCount, 0);
  const members = organizations.reduce((n, o) => n + o.memberCount, 0);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold tracking-tight">Dashboard</h1>
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        {[
          ["Organisations", organizations.length],
          ["Customer members", members],
          ["Connected accounts", connections],
        ].map(([label, value]) => (
          <div key={label} className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <dt className="text-sm text-slate-600">{label}</dt>
            <dd className="mt-1 text-3xl font-semibold tracking-tight">{value}</dd>
          </div>
        ))}
      </dl>
      <p>
        <Link href="/admin/organizations" className="font-medium text-indigo-700 underline">
          Manage organisations and invites
        </Link>
      </p>
    </div>
  );
}
