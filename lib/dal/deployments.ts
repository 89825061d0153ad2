import "server-only";
import { and, asc, count, desc, eq, inArray, ne } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { connections, organizationDeployments } from "@/lib/db/schema";
import type { ConnectionStatus } from "./connections";
import { DalError } from "./errors";
import { isUuid } from "./ids";
import { scopeOrganization, type Viewer } from "./viewer";

// arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<uuid>, as CloudFormation's AWS::StackId is.
const STACK_ID_RE = /^arn:(aws|aws-cn|aws-us-gov):cloudformation:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):stack\/[A-Za-z][A-Za-z0-9-]{0,127}\/[0-9a-f-]{36}$/;

/** A management stack id's account and region; null for anything that is not a stack ARN. */
export function parseDeploymentStackId(value: unknown): { stackId: string; region: string; managementAccountId: string } | null {
  if (typeof value !== "string" || value.length > 1024) return null;
  const match = STACK_ID_RE.exec(value);
  return match ? { stackId: value, region: match[2]!, managementAccountId: match[3]! } : null;
}

/**
 * Ties a registered connection to the organisation-wide deployment its stack instance named (creating
 * the deployment on first sight). For the token's organisation only: a stack can group only its own
 * organisation's connections. A value that is no stack id is ignored (a single-account stack leaves it empty).
 */
export async function linkDeployment(organizationId: string, connectionId: string, deploymentStackId: unknown): Promise<void> {
  const parsed = parseDeploymentStackId(deploymentStackId);
  if (!parsed) return;
  const db = getDb();
  await db.insert(organizationDeployments).values({ organizationId, ...parsed }).onConflictDoNothing();
  const [deployment] = await db
    .select({ id: organizationDeployments.id })
    .from(organizationDeployments)
    .where(and(eq(organizationDeployments.organizationId, organizationId), eq(organizationDeployments.stackId, parsed.stackId)))
    .limit(1);
  if (!deployment) return;
  await db.update(connections).set({ deploymentId: deployment.id }).where(and(eq(connections.id, connectionId), eq(connections.organizationId, organizationId)));
}

/** One account of a deployment that is not verified, with why. */
export type DeploymentFailure = { connectionId: string; accountId: string; status: ConnectionStatus; message: string | null };

/** An organisation-wide deployment as one unit. */
export type DeploymentSummary = {
  id: string;
  managementAccountId: string;
  region: string;
  stackName: string;
  createdAt: Date;
  /** Accounts that registered (disconnected ones included). */
  registered: number;
  verified: number;
  /** `failed` and `insecure`. */
  failing: number;
  pending: number;
  disconnected: number;
  failures: DeploymentFailure[];
};

/** How many failures are listed per deployment; the counts cover all of them. */
export const FAILURES_SHOWN = 50;

/** The organisation's deployments, newest first, with their counts and failures (members: their own; admins: any). */
export async function listDeployments(viewer: Viewer, organizationId: string): Promise<DeploymentSummary[]> {
  if (!isUuid(organizationId)) throw new DalError("not_found", "Organisation not found.");
  const scoped = scopeOrganization(viewer, organizationId);
  const db = getDb();
  const rows = await db
    .select({
      id: organizationDeployments.id,
      stackId: organizationDeployments.stackId,
      managementAccountId: organizationDeployments.managementAccountId,
      region: organizationDeployments.region,
      createdAt: organizationDeployments.createdAt,
    })
    .from(organizationDeployments)
    .where(eq(organizationDeployments.organizationId, scoped))
    .orderBy(desc(organizationDeployments.createdAt));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const counts = await db
    .select({ deploymentId: connections.deploymentId, status: connections.status, n: count() })
    .from(connections)
    .where(and(eq(connections.organizationId, scoped), inArray(connections.deploymentId, ids)))
    .groupBy(connections.deploymentId, connections.status);
  const failures = await db
    .select({
      deploymentId: connections.deploymentId,
      connectionId: connections.id,
      accountId: connections.accountId,
      status: connections.status,
      message: connections.lastFailureMessage,
    })
    .from(connections)
    .where(and(eq(connections.organizationId, scoped), inArray(connections.deploymentId, ids), inArray(connections.status, ["failed", "insecure"])))
    .orderBy(asc(connections.accountId));
  return rows.map((row) => {
    const of = (status: ConnectionStatus) => counts.find((c) => c.deploymentId === row.id && c.status === status)?.n ?? 0;
    const registered = counts.filter((c) => c.deploymentId === row.id).reduce((sum, c) => sum + c.n, 0);
    return {
      id: row.id,
      managementAccountId: row.managementAccountId,
      region: row.region,
      stackName: row.stackId.split("/")[1] ?? "",
      createdAt: row.createdAt,
      registered,
      verified: of("verified"),
      failing: of("failed") + of("insecure"),
      pending: of("pending"),
      disconnected: of("disconnected"),
      failures: failures
        .filter((f) => f.deploymentId === row.id)
        .slice(0, FAILURES_SHOWN)
        .map(({ connectionId, accountId, status, message }) => ({ connectionId, accountId, status, message })),
    };
  });
}

/** The connections of a deployment a bulk re-verification covers (not removed), for the organisation given. */
export async function deploymentConnectionIds(viewer: Viewer, organizationId: string, deploymentId: string): Promise<string[]> {
  if (!isUuid(organizationId) || !isUuid(deploymentId)) throw new DalError("not_found", "Deployment not found.");
  const scoped = scopeOrganization(viewer, organizationId);
  const rows = await getDb()
    .select({ id: connections.id })
    .from(connections)
    .where(and(eq(connections.organizationId, scoped), eq(connections.deploymentId, deploymentId), ne(connections.status, "disconnected"), eq(connections.draft, false)));
  return rows.map((r) => r.id);
}
