import { getConfig } from "@/lib/config";
import type { UserViewer } from "@/lib/dal/viewer";

/**
 * What the viewer must do before anything else: choose a password (after a one-time one), or, for
 * an admin signed in with a password where REQUIRE_ADMIN_MFA is on, turn on two-factor
 * authentication. A single sign-on's second factor is the identity provider's. Null when nothing.
 */
export function pendingAccountStep(viewer: UserViewer, requireAdminMfa = getConfig().requireAdminMfa): "password" | "mfa" | null {
  if (viewer.signedInWith === "sso") return null;
  if (viewer.passwordChangeRequired) return "password";
  if (viewer.role === "admin" && !viewer.mfaEnabled && requireAdminMfa) return "mfa";
  return null;
}

/** What a refused request says for each pending step. */
export const PENDING_STEP_MESSAGE = {
  password: "Choose a new password first.",
  mfa: "Turn on two-factor authentication first, under Security at the top of the page.",
} as const;
