import "server-only";
import { DalError } from "./errors";

/** Who is calling: loaded from the database on every request, never taken from a form or URL. */
export type Viewer = {
  /** The signed-in user; null for a partner API key, which acts as the partner and is no person. */
  readonly userId: string | null;
  /** The partner API key making the request, if it is one (see lib/dal/api-keys.ts). */
  readonly apiKeyId?: string;
  readonly email: string;
  readonly name: string;
  readonly role: "admin" | "member";
  /** The customer organisation of a member; null for partner admins. */
  readonly organizationId: string | null;
  readonly passwordChangeRequired: boolean;
};

/** A signed-in person (a session), as opposed to an API key. */
export type UserViewer = Viewer & {
  readonly userId: string;
  /** Whether the account signs in with a second factor (lib/dal/mfa.ts). */
  readonly mfaEnabled: boolean;
  /** How this session was signed in: with the password, or by single sign-on (lib/dal/sso.ts). */
  readonly signedInWith: "password" | "sso";
  /** When this session was signed in (ms since the epoch); unknown for sessions from before it was recorded. */
  readonly signedInAt?: number;
};

/** Who did it, as the history and the audit log record it: a user or an API key. */
export function actorOf(viewer: Viewer): { actorUserId: string | null; actorApiKeyId: string | null } {
  return { actorUserId: viewer.userId, actorApiKeyId: viewer.apiKeyId ?? null };
}

/** The signed-in user's id; refuses API keys, which have no account of their own. */
export function userIdOf(viewer: Viewer): string {
  if (!viewer.userId) throw new DalError("forbidden", "This needs a signed-in person, not an API key.");
  return viewer.userId;
}

/** Refuses anyone but a partner admin. */
export function assertAdmin(viewer: Viewer): void {
  if (viewer.role !== "admin") throw new DalError("forbidden", "Only partner admins can do this.");
}

/**
 * The organisation a request may touch: a member's own, whatever id was asked for
 * (another organisation's id reads as "not found", so ids cannot be probed); any for an admin.
 */
export function scopeOrganization(viewer: Viewer, requested: string): string {
  if (viewer.role === "admin") return requested;
  if (viewer.organizationId && viewer.organizationId === requested) return viewer.organizationId;
  throw new DalError("not_found", "Organisation not found.");
}
