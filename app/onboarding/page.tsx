import type { Metadata } from "next";
import { StackUpdateNotice } from "@/components/stack-update-notice";
import { Alert } from "@/components/ui/alert";
import { CopyField } from "@/components/ui/copy-button";
import { getConnection, type ConnectionView } from "@/lib/dal/connections";
import { listDeployments } from "@/lib/dal/deployments";
import { isDalError } from "@/lib/dal/errors";
import { getOwnOrganization } from "@/lib/dal/organizations";
import { requireMember } from "@/lib/auth/session";
import { ownConnectionsNeedingStackUpdate } from "@/lib/dal/stack-update";
import type { Viewer } from "@/lib/dal/viewer";
import { isRegionOf } from "@/lib/aws/partitions";
import { getConfig } from "@/lib/config";
import { launchFor } from "@/lib/registration/launch";
import { DEFAULT_PROPAGATION_WINDOW_MS } from "@/lib/aws/verify";
import { ConnectRole } from "./connect-role";
import { ConnectedStep } from "./connected-step";
import { LaunchStep } from "./launch-step";
import { OrganizationStep } from "./organization-step";
import { Step } from "./step";
import { VerifyStep } from "./verify-step";

export const metadata: Metadata = { title: "Connect an AWS account" };

type SearchParams = Promise<{ connection?: string | string[]; region?: string | string[] }>;

export default async function OnboardingPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requireMember();
  const params = await searchParams;
  const [organization, needUpdate] = await Promise.all([getOwnOrganization(viewer), ownConnectionsNeedingStackUpdate(viewer)]);
  const connection = await connectionFrom(viewer, params.connection);
  if (connection?.status === "verified") return <ConnectedStep connection={connection} />;
  const requested = first(params.region);
  const region = isRegionOf(getConfig().aws.partition, requested) ? requested : undefined; // unknown: the default region
  const [launch, deployments] = await Promise.all([launchFor(viewer, organization.id, region).catch(() => null), listDeployments(viewer, organization.id)]);
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm font-medium text-indigo-700"><bdi>{organization.name}</bdi></p>
        <h1 className="text-2xl font-bold tracking-tight">Connect an AWS account</h1>
        <p className="mt-1 text-sm text-slate-600">
          You create a role in your account that trusts us; we never ask for access keys. About five minutes.
        </p>
      </div>
      {needUpdate.length > 0 ? (
        <section aria-labelledby="stack-updates" className="space-y-3">
          <h2 id="stack-updates" className="text-lg font-semibold">
            {needUpdate.length === 1 ? "One connected account uses" : `${needUpdate.length} connected accounts use`} your previous External ID
          </h2>
          {needUpdate.map((c) => (
            <StackUpdateNotice key={c.id} connectionId={c.id} accountId={c.accountId} externalId={organization.externalId} region={first(params.region)} />
          ))}
        </section>
      ) : null}
      <Step number={1} title="Your External ID" id="external-id-step">
        <p className="text-sm text-slate-600">
          The role you create lets us in only when we present this ID, so no other customer of ours can trick us into using your
          role (the “confused deputy” problem). It is not a secret, but it is yours alone.
        </p>
        <CopyField id="external-id" label="External ID" value={organization.externalId} />
      </Step>
      <Step number={2} title="Create the role in your AWS account" id="launch">
        {launch ? (
          <LaunchStep launch={launch} />
        ) : (
          <Alert tone="error" title="The role template is not available right now">
            This is a problem on our side, not yours. Try again in a few minutes; if it persists, contact us.
          </Alert>
        )}
      </Step>
      <Step number={3} title={launch?.autoRegister ? "Or paste the role ARN" : "Paste the role ARN and connect"} id="role-arn">
        {connection && !connection.draft ? (
          <VerifyStep connection={connection} />
        ) : (
          <>
            <p className="text-sm text-slate-600">
              {launch?.autoRegister ? "Stack created but nothing happened? Paste the RoleArn from its Outputs. " : ""}
              We check the role live with AWS: we assume it with your External ID, confirm the account, and check that it refuses us
              without the External ID.
            </p>
            <ConnectRole
              partition={launch?.partition ?? "aws"}
              propagationWindowMs={DEFAULT_PROPAGATION_WINDOW_MS}
              {...(connection ? { draft: { id: connection.id, roleArn: connection.roleArn, lastFailure: connection.lastFailureMessage } } : {})}
            />
          </>
        )}
      </Step>
      {getConfig().registration ? <OrganizationStep launch={launch?.organization} sandbox={launch?.sandbox ?? false} deployments={deployments} /> : null}
    </div>
  );
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The connection named in the URL, if it is this organisation's and still active. */
async function connectionFrom(viewer: Viewer, id: string | string[] | undefined): Promise<ConnectionView | null> {
  const value = first(id);
  if (!value) return null;
  try {
    const connection = await getConnection(viewer, value);
    return connection.status === "disconnected" ? null : connection;
  } catch (error) {
    if (isDalError(error)) return null;
    throw error;
  }
}
