import type { Metadata } from "next";
import Link from "next/link";
import { oldExternalIdCounts } from "@/lib/dal/admin/external-ids";
import { listOrganizations } from "@/lib/dal/organizations";
import { requireAdmin } from "@/lib/auth/session";
import { CreateOrganizationForm } from "./create-organization-form";

export const metadata: Metadata = { title: "Organisations" };

export default async function OrganizationsPage() {
  const viewer = await requireAdmin();
  const [organizations, onOldIds] = await Promise.all([listOrganizations(viewer), oldExternalIdCounts(viewer)]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold tracking-tight">Organisations</h1>
      <CreateOrganizationForm />
      {organizations.length === 0 ? (
        <p className="text-sm text-slate-600">No customer organisations yet. Create one, then invite its people.</p>
      ) : (
        <div className="overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Customer organisations</caption>
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Name</th>
                <th scope="col" className="px-4 py-2 font-medium">Members</th>
                <th scope="col" className="px-4 py-2 font-medium">Connections</th>
                <th scope="col" className="px-4 py-2 font-medium">On an old External ID</th>
                <th scope="col" className="px-4 py-2 font-medium">Created</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {organizations.map((o) => (
                <tr key={o.id}>
                  <td className="px-4 py-2">
                    <Link href={`/admin/organizations/${o.id}`} className="font-medium text-indigo-700 hover:underline">
                      <bdi>{o.name}</bdi>
                    </Link>
                  </td>
                  <td className="px-4 py-2">{o.memberCount}</td>
                  <td className="px-4 py-2">{o.connectionCount}</td>
                  <td className="px-4 py-2">{onOldIds.get(o.id) ?? 0}</td>
                  <td className="px-4 py-2 text-slate-600">{o.createdAt.toISOString().slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
