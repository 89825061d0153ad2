/** A single sign-on this recent confirms a dangerous action by itself: the provider just checked the person. */
export const SSO_CONFIRM_WINDOW_MS = 10 * 60 * 1000;

/**
 * What a dangerous action's form asks for (client-safe): the password and, with two-factor sign-in,
 * a code; for a session signed in by single sign-on, a recent sign-in with the provider instead.
 */
export type IdentityCheck = { mfa: boolean; sso: { name: string; fresh: boolean; providerId: string } | null };

/** What confirms the identity of a session signed in by single sign-on, or null for a password session. */
export function ssoConfirmation(viewer: { signedInWith: "password" | "sso"; signedInAt?: number }, now = Date.now()): { fresh: boolean } | null {
  if (viewer.signedInWith !== "sso") return null;
  const at = viewer.signedInAt;
  return { fresh: at !== undefined && at <= now && now - at <= SSO_CONFIRM_WINDOW_MS };
}
