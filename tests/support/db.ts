import { randomUUID } from "node:crypto";
import { migrateDatabase } from "@/lib/db/migrate";
import { createOrganization } from "@/lib/dal/organizations";
import { createAdmin, loadViewer } from "@/lib/dal/users";
import type { UserViewer, Viewer } from "@/lib/dal/viewer";

/** Applies migrations once per test file's database. */
export async function setupDatabase(): Promise<void> {
  await migrateDatabase();
}

/** A unique e-mail, so tests never depend on what else is in a shared database. */
export function uniqueEmail(label = "user"): string {
  return `${label}-${randomUUID()}@example.test`;
}

/** A fresh partner admin's viewer. */
export async function newAdmin(): Promise<UserViewer> {
  const { id } = await createAdmin({ email: uniqueEmail("admin"), name: "Test admin", password: "correct horse battery" });
  const viewer = await loadViewer(id);
  if (!viewer) throw new Error("admin not found after creation");
  return viewer;
}

/** A fresh organisation created by the given admin. */
export async function newOrganization(admin: Viewer, name = `Org ${randomUUID().slice(0, 8)}`): Promise<string> {
  return (await createOrganization(admin, { name })).id;
}

/** A fresh customer member of the organisation, through a real invite. */
export async function newMember(admin: Viewer, organizationId: string): Promise<UserViewer> {
  const { acceptInvite, createInvite } = await import("@/lib/dal/invites");
  const email = uniqueEmail("member");
  const { token } = await createInvite(admin, { organizationId, email });
  await acceptInvite(token, { name: "Test member", password: "correct horse battery" });
  const { authenticate } = await import("@/lib/dal/users");
  const viewer = await authenticate(email, "correct horse battery");
  if (!viewer) throw new Error("member cannot sign in after accepting");
  return viewer;
}
