import "server-only";
import { and, eq } from "drizzle-orm";
import type { RoleArn } from "@/lib/aws/arn";
import type { VerificationResult } from "@/lib/aws/verify";
import { getDb } from "@/lib/db/client";
import { connections, organizations } from "@/lib/db/schema";
import { addConnection, getConnection, removeConnection, type ConnectionStatus } from "./connections";
import { isDalError } from "./errors";
import { isUuid } from "./ids";
import { recordStackUpdate, stackUpdateTarget, type StackUpdateTarget } from "./stack-update";
import { recordVerification, verificationTarget, type VerificationTarget } from "./verifications";
import type { Viewer } from "./viewer";

/**
 * What a role stack's registration may do, for the one organisation its token belongs to. It acts
 * as a member of that organisation with no user behind it (history and audit show no actor), so
 * every existing check of the connection DAL applies to it unchanged: it can touch nothing else.
 */
function stackViewer(organizationId: string): Viewer {
  return { userId: null, email: "", name: "Stack registration", role: "member", organizationId, passwordChangeRequired: false };
}

/** The organisation's current External ID (null: no such organisation). */
export async function currentExternalId(organizationId: string): Promise<string | null> {
  const [row] = await getDb().select({ externalId: organizations.externalId }).from(organizations).where(eq(organizations.id, organizationId)).limit(1);
  return row?.externalId ?? null;
}

/** The organisation's connection for a role, if it has one (removed ones included). */
export async function connectionForRole(
  organizationId: string,
  roleArn: string,
): Promise<{ id: string; status: ConnectionStatus; externalId: string } | null> {
  const [row] = await getDb()
    .select({ id: connections.id, status: connections.status, externalId: connections.externalId })
    .from(connections)
    .where(and(eq(connections.organizationId, organizationId), eq(connections.roleArn, roleArn)))
    .limit(1);
  return row ?? null;
}

/** What to verify for an existing connection of the organisation (as a re-verify would). */
export function registrationTarget(organizationId: string, connectionId: string): Promise<VerificationTarget> {
  return verificationTarget(stackViewer(organizationId), connectionId);
}

/** The same, with the organisation's current External ID, for a connection whose stack moved to it. */
export function registrationStackUpdateTarget(organizationId: string, connectionId: string): Promise<StackUpdateTarget> {
  return stackUpdateTarget(stackViewer(organizationId), connectionId);
}

/** Records a stack-update check made for a registration (switches the connection to the new ID if it verified). */
export async function recordRegistrationStackUpdate(target: StackUpdateTarget, result: VerificationResult): Promise<void> {
  await recordStackUpdate({ target, actorUserId: null, result });
}

/**
 * Adds the role as a connection of the organisation (or takes back a removed one) and records the
 * verification that was run before it, so a registration that did not verify leaves nothing behind.
 */
export async function addVerifiedConnection(organizationId: string, role: RoleArn, externalId: string, result: VerificationResult): Promise<string> {
  let id: string;
  try {
    id = (await addConnection(stackViewer(organizationId), { roleArn: role.arn, partitions: [role.partition] })).id;
  } catch (error) {
    // Added meanwhile (a concurrent registration, or a paste): record on that one.
    const existing = isDalError(error, "conflict") ? await connectionForRole(organizationId, role.arn) : null;
    if (!existing) throw error;
    id = existing.id;
  }
  await recordVerification({ target: { connectionId: id, organizationId, role, externalId, fresh: true }, trigger: "registration", actorUserId: null, result });
  return id;
}

/** A connection of the organisation, or null when it has none with that id. */
export async function registeredConnection(organizationId: string, connectionId: string): Promise<{ id: string; status: ConnectionStatus } | null> {
  if (!isUuid(connectionId)) return null;
  try {
    const { id, status } = await getConnection(stackViewer(organizationId), connectionId);
    return { id, status };
  } catch (error) {
    if (isDalError(error, "not_found")) return null;
    throw error;
  }
}

/** Disconnects a connection of the organisation through the usual path (event `connection.disconnected`, audit). */
export async function disconnectRegisteredConnection(organizationId: string, connectionId: string): Promise<boolean> {
  try {
    await removeConnection(stackViewer(organizationId), connectionId);
    return true;
  } catch (error) {
    if (isDalError(error, "not_found")) return false;
    throw error;
  }
}

/** Records a registration's check of an existing connection (trigger `registration`, no actor). */
export async function recordRegistrationVerification(target: VerificationTarget, result: VerificationResult): Promise<void> {
  await recordVerification({ target, trigger: "registration", actorUserId: null, result });
}
