import "server-only";
import { spendSecondFactor } from "@/lib/dal/mfa";
import { authenticate } from "@/lib/dal/users";
import type { UserViewer } from "@/lib/dal/viewer";
import { requestClientAddress } from "@/lib/security/client-address";
import { reauthSucceeded, startReauthAttempt } from "./sign-in-limits";
import { TOO_MANY_ATTEMPTS_MESSAGE } from "./sign-in-errors";
import { getConfig } from "@/lib/config";
import { organizationSsoName } from "@/lib/dal/organization-sso";
import { orgSsoProviderId, SSO_PROVIDER_ID } from "./sso-provider-id";
import { type IdentityCheck, ssoConfirmation } from "./identity-check";

/** Why a confirmation was refused: which field to mark, and what to say. */
export type IdentityRefusal = { field: "currentPassword" | "currentCode"; message: string };

/**
 * Re-authentication before a dangerous action (a new API key, a new External ID, turning two-factor
 * sign-in off): the account's password again, and a fresh code when it has two-factor sign-in. Held
 * to limits of its own (REAUTH_LIMITS), so a session left open cannot be used to guess the password,
 * and failed sign-ins by strangers do not stop the owner from confirming.
 */
export async function confirmIdentity(viewer: UserViewer, password: string, code: string | undefined): Promise<IdentityRefusal | null> {
  const address = await requestClientAddress();
  if (!(await startReauthAttempt(viewer.userId, address))) return { field: "currentPassword", message: TOO_MANY_ATTEMPTS_MESSAGE };
  const checked = await authenticate(viewer.email, password);
  if (!checked || checked.userId !== viewer.userId) return { field: "currentPassword", message: "That password is not right." };
  if (viewer.mfaEnabled) {
    if (!code) return { field: "currentCode", message: "Enter the 6-digit code from your authenticator app, or a recovery code." };
    if (!(await spendSecondFactor(viewer.userId, code))) {
      return { field: "currentCode", message: "That code is not right, or it was already used. Enter the code your app shows now." };
    }
  }
  await reauthSucceeded(viewer.userId, address);
  return null;
}

/** The provider a viewer signs in with by single sign-on: the partner's for admins, their organisation's for members. */
export async function ssoProviderOf(viewer: UserViewer): Promise<{ name: string; providerId: string } | null> {
  if (viewer.role === "admin") {
    const name = getConfig().oidc?.name;
    return name ? { name, providerId: SSO_PROVIDER_ID } : null;
  }
  if (!viewer.organizationId) return null;
  const name = await organizationSsoName(viewer.organizationId);
  return name ? { name, providerId: orgSsoProviderId(viewer.organizationId) } : null;
}

/** What a dangerous action's form asks of this viewer (see ConfirmIdentityFields). */
export async function identityCheckOf(viewer: UserViewer, now = Date.now()): Promise<IdentityCheck> {
  const sso = ssoConfirmation(viewer, now);
  const provider = sso ? await ssoProviderOf(viewer) : null;
  return { mfa: viewer.mfaEnabled, sso: sso && provider ? { ...provider, fresh: sso.fresh } : null };
}

/** What a single sign-on session is told when its sign-in is too old to confirm a dangerous action. */
export async function ssoConfirmMessage(viewer: UserViewer): Promise<string> {
  const name = (await ssoProviderOf(viewer))?.name ?? "single sign-on";
  return `Your sign-in is more than a few minutes old. Sign in again with ${name}, then try again.`;
}
