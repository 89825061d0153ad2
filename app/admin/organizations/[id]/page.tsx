import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Timestamp } from "@/components/timestamp";
import { CopyField } from "@/components/ui/copy-button";
import { getConfig } from "@/lib/config";
import { listDraftConnections } from "@/lib/dal/admin/drafts";
import { countIssuedExternalIds, listConnectionsOnOldExternalId, listIssuedExternalIds } from "@/lib/dal/admin/external-ids";
import { counted, formatCount } from "@/lib/numbers";
import { isDalError } from "@/lib/dal/errors";
import { isUuid } from "@/lib/dal/ids";
import { countInvites, listInvites } from "@/lib/dal/invites";
import { getOrganization } from "@/lib/dal/organizations";
import { registrationTokenIssuedAt } from "@/lib/dal/registration-tokens";
import { requireAdmin } from "@/lib/auth/session";
import { listMembers } from "@/lib/dal/users";
import { connectionListSearch } from "@/lib/schemas/admin-connections";
import { CreateInviteForm } from "./create-invite-form";
import { ExternalIds } from "./external-ids";
import { InviteList } from "./invite-list";
import { RevokeRegistrationLink } from "./registration-link";
import { RotateExternalId } from "./rotate-external-id";
import { UnfinishedConnections } from "./unfinished-connections";
import { identityCheckOf } from "@/lib/auth/confirm-identity";
import { orgSsoProviderId } from "@/lib/auth/sso-provider-id";
import { getOrganizationSso } from "@/lib/dal/organization-sso";
import { OrganizationSso } from "./organization-sso";
import { DeploymentList } from "@/components/deployment-summary";
import { listDeployments } from "@/lib/dal/deployments";
import { ReverifyDeployment } from "./reverify-deployment";

export const metadata: Metadata = { title: "Organisation" };

/** How many of each list the page shows: it must not grow with the organisation. */
const SHOWN = { members: 100, invites: 50, issued: 20, onOldIds: 100 } as const;

/** Says that a list was cut at `shown` when there were more (each list is read one row past it). */
function MoreNotShown({ rows, shown, what }: { rows: readonly unknown[]; shown: number; what: string }) {
  return rows.length > shown ? <p className="text-xs text-slate-500">Showing the first {shown} {what}; more are not listed here.</p> : null;
}

export default async function OrganizationPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireAdmin();
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const organization = await getOrganization(viewer, id).catch((error) => {
    if (isDalError(error, "not_found")) notFound();
    throw error;
  });
  const registration = getConfig().registration !== null;
  const check = await identityCheckOf(viewer);
  const [members, invites, issued, onOldIds, linkIssuedAt, drafts, inviteTotals, issuedTotal] = await Promise.all([
    listMembers(viewer, id, SHOWN.members + 1),
    listInvites(viewer, id, new Date(), SHOWN.invites + 1),
    listIssuedExternalIds(viewer, id, SHOWN.issued + 1),
    listConnectionsOnOldExternalId(viewer, id, SHOWN.onOldIds + 1),
    registration ? registrationTokenIssuedAt(viewer, id) : null,
    listDraftConnections(viewer, id),
    countInvites(viewer, id),
    countIssuedExternalIds(viewer, id),
  ]);
  const [sso, deployments] = await Promise.all([getOrganizationSso(viewer, id), listDeployments(viewer, id)]);
  return (
    <div className="space-y-8">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight"><bdi>{organization.name}</bdi></h1>
        <Link href={`/admin/connections${connectionListSearch({ org: organization.id })}`} className="text-sm font-medium text-indigo-700 underline">
          View its connections
        </Link>
      </div>
      <section aria-labelledby="invites" className="space-y-3">
        <h2 id="invites" className="text-lg font-semibold">Invites</h2>
        <p className="text-sm text-slate-600">
          {(["pending", "accepted", "revoked", "expired"] as const).map((state) => `${formatCount(inviteTotals[state])} ${state}`).join(" · ")}
        </p>
        <CreateInviteForm organizationId={organization.id} />
        <InviteList organizationId={organization.id} invites={invites.slice(0, SHOWN.invites)} />
        <MoreNotShown rows={invites} shown={SHOWN.invites} what="invites (newest first)" />
      </section>
      <section aria-labelledby="members" className="space-y-3">
        <h2 id="members" className="text-lg font-semibold">Members</h2>
        {members.length === 0 ? (
          <p className="text-sm text-slate-600">Nobody has joined yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100 rounded-lg bg-white text-sm shadow-sm ring-1 ring-slate-200">
            {members.slice(0, SHOWN.members).map((m) => (
              <li key={m.id} className="flex justify-between px-4 py-2">
                <bdi>{m.name}</bdi>
                <bdi className="text-slate-600">{m.email}</bdi>
              </li>
            ))}
          </ul>
        )}
        <MoreNotShown rows={members} shown={SHOWN.members} what="members (by e-mail)" />
      </section>
      <UnfinishedConnections drafts={drafts} />
      {deployments.length > 0 ? (
        <section aria-labelledby="deployments-title" className="space-y-3">
          <h2 id="deployments-title" className="text-lg font-semibold">AWS Organization deployments</h2>
          <p className="text-sm text-slate-600">StackSets that connect every account of the customer&apos;s OUs; each is re-verified as one bulk job, at the STS budget.</p>
          <DeploymentList deployments={deployments} action={(d) => <ReverifyDeployment organizationId={organization.id} deploymentId={d.id} />} />
        </section>
      ) : null}
      <section aria-labelledby="external-id-title" className="space-y-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <h2 id="external-id-title" className="text-lg font-semibold">External ID</h2>
        <CopyField id="external-id" label="External ID" value={organization.externalId} />
        <RotateExternalId organizationId={organization.id} check={check} />
        <p className="text-sm text-slate-600">{counted(issuedTotal, "External ID")} issued so far</p>
        <ExternalIds issued={issued.slice(0, SHOWN.issued)} onOldIds={onOldIds.slice(0, SHOWN.onOldIds)} />
        <MoreNotShown rows={issued} shown={SHOWN.issued} what="External IDs issued (newest first)" />
        <MoreNotShown rows={onOldIds} shown={SHOWN.onOldIds} what="connections on an old External ID" />
      </section>
      <section aria-labelledby="sso-title" className="space-y-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <h2 id="sso-title" className="text-lg font-semibold">Single sign-on</h2>
        <p className="text-sm text-slate-600">
          The customer&apos;s own OpenID provider: its people sign in with their work e-mail, and become members when they first do.
        </p>
        <OrganizationSso
          organizationId={organization.id}
          sso={sso && { displayName: sso.displayName, issuer: sso.issuer, clientId: sso.clientId, domains: sso.domains, trustEmailForLinking: sso.trustEmailForLinking, enabled: sso.enabled }}
          redirectUri={`${getConfig().appUrl}/api/auth/callback/${orgSsoProviderId(organization.id)}`}
          check={check}
        />
      </section>
      {registration && (
        <section aria-labelledby="registration-link-title" className="space-y-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
          <h2 id="registration-link-title" className="text-lg font-semibold">Registration link</h2>
          <p className="text-sm text-slate-600">
            The Launch link carries a registration token, so the stack registers the role by itself. Current token issued:{" "}
            <Timestamp date={linkIssuedAt} never="not yet (issued the first time a launch link is shown)" />.
          </p>
          <RevokeRegistrationLink organizationId={organization.id} />
        </section>
      )}
    </div>
  );
}
