import type { Metadata } from "next";
import Link from "next/link";
import { listOwnConnections } from "@/lib/dal/connections";
import { getOwnOrganization } from "@/lib/dal/organizations";
import { ownConnectionsNeedingStackUpdate } from "@/lib/dal/stack-update";
import { requireMember } from "@/lib/auth/session";
import { ConnectionCard } from "./connection-card";
import { UnfinishedList } from "./unfinished-list";

export const metadata: Metadata = { title: "AWS accounts" };

export default async function AccountsPage() {
  const viewer = await requireMember();
  const [all, needUpdate, organization] = await Promise.all([listOwnConnections(viewer), ownConnectionsNeedingStackUpdate(viewer), getOwnOrganization(viewer)]);
  // A pasted ARN that failed its check is not a failed account: it is onboarding to finish, listed apart.
  const unfinished = (c: (typeof all)[number]) => c.draft && c.status === "failed";
  const connections = all.filter((c) => !unfinished(c));
  const drafts = all.filter(unfinished);
  const onOldId = new Set(needUpdate.map((c) => c.id));
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold tracking-tight">AWS accounts</h1>
        <Link href="/onboarding#launch" className="rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-semibold text-white hover:bg-indigo-500">
          Connect another account
        </Link>
      </div>
      {connections.length === 0 ? (
        <p className="text-sm text-slate-600">
          No account is connected yet. <Link href="/onboarding" className="font-medium text-indigo-700 underline">Connect your first one</Link>.
        </p>
      ) : (
        <ul aria-label="Connected accounts" className="space-y-4">
          {connections.map((connection) => (
            <ConnectionCard key={connection.id} connection={connection} {...(onOldId.has(connection.id) ? { newExternalId: organization.externalId } : {})} />
          ))}
        </ul>
      )}
      <UnfinishedList drafts={drafts} />
    </div>
  );
}
