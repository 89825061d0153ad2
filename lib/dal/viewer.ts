import "server-only";
import { DalError } from "./errors";

/** Who is calling: loaded from the database on every request, never taken from a form or URL. */
export type Viewer = {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly role: "admin" | "member";
  /** The customer organisation of a member; null for partner admins. */
  readonly organizationId: string | null;
  readonly passwordChangeRequired: boolean;
};

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
