import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CopyField } from "@/components/ui/copy-button";
import { isDalError } from "@/lib/dal/errors";
import { listInvites } from "@/lib/dal/invites";
import { getOrganization } from "@/lib/dal/organizations";
import { requireAdmin } from "@/lib/dal/session";
import { listMembers } from "@/lib/dal/users";
import { CreateInviteForm } from "./create-invite-form";
import { InviteList } from "./invite-list";

export const metadata: Metadata = { title: "Organisation" };

export default async function OrganizationPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireAdmin();
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const organization = await getOrganization(viewer, id).catch((error) => {
    if (isDalError(error, "not_found")) notFound();
    throw error;
  });
  const [members, invites] = await Promise.all([listMembers(viewer, id), listInvites(viewer, id)]);
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-bold tracking-tight">{organization.name}</h1>
      <section className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <CopyField id="external-id" label="External ID" value={organization.externalId} />
      </section>
      <section aria-labelledby="members" className="space-y-3">
        <h2 id="members" className="text-lg font-semibold">Members</h2>
        {members.length === 0 ? (
          <p className="text-sm text-slate-600">Nobody has joined yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100 rounded-lg bg-white text-sm shadow-sm ring-1 ring-slate-200">
            {members.map((m) => (
              <li key={m.id} className="flex justify-between px-4 py-2">
                <span>{m.name}</span>
                <span className="text-slate-600">{m.email}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="invites" className="space-y-3">
        <h2 id="invites" className="text-lg font-semibold">Invites</h2>
        <CreateInviteForm organizationId={organization.id} />
        <InviteList organizationId={organization.id} invites={invites} />
      </section>
    </div>
  );
}
