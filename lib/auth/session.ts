import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { authOptions } from "./options";
import { pendingAccountStep } from "./pending-step";
import { readSession, sessionTokenFrom } from "./session-token";
import { loadViewer } from "@/lib/dal/users";
import type { UserViewer } from "@/lib/dal/viewer";

/**
 * The signed-in viewer for this request, re-read from the database: a deleted account loses access
 * at once, and so does a session that was signed out or began before the password was changed.
 * The session cookie is read as next-auth reads it, without next-auth's whole session round: that
 * also renews the cookie, which a page cannot send back anyway (`/api/auth/session` renews it).
 */
export const getViewer = cache(async (): Promise<UserViewer | null> => {
  await connection(); // per request only: never evaluated while `next build` prerenders
  const options = authOptions();
  const token = sessionTokenFrom((await cookies()).getAll(), options.cookies!.sessionToken!.name);
  const claims = await readSession(token, options.secret!);
  return claims?.sub
    ? loadViewer(claims.sub, { version: claims.sv ?? 0, id: claims.sid, method: claims.m ?? "password", signedInAt: claims.at })
    : null;
});

/** The viewer, or a redirect to sign-in; a pending forced password change or MFA enrolment comes first. */
export async function requireViewer(options: { allowPasswordChange?: boolean; allowMfaEnrolment?: boolean } = {}): Promise<UserViewer> {
  const viewer = await getViewer();
  if (!viewer) redirect("/sign-in");
  const step = pendingAccountStep(viewer);
  if (step === "password" && !options.allowPasswordChange) redirect("/account/password");
  if (step === "mfa" && !options.allowMfaEnrolment) redirect("/account/security");
  return viewer;
}

/** A partner admin, or a redirect: members go to their own home. */
export async function requireAdmin(): Promise<UserViewer> {
  const viewer = await requireViewer();
  if (viewer.role !== "admin") redirect("/onboarding");
  return viewer;
}

/** A customer member, or a redirect: admins go to the dashboard. */
export async function requireMember(): Promise<UserViewer> {
  const viewer = await requireViewer();
  if (viewer.role !== "member") redirect("/admin");
  return viewer;
}

/** Where a viewer starts. */
export function homeOf(viewer: UserViewer): string {
  return viewer.role === "admin" ? "/admin" : "/onboarding";
}
