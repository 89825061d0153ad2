/** The error next-auth passes to the sign-in form when an account or address must wait (client-safe). */
export const TOO_MANY_ATTEMPTS = "TooManyAttempts";

/** What the sign-in form says for TOO_MANY_ATTEMPTS: the wait grows with each failure (lib/auth/sign-in-limits.ts). */
export const TOO_MANY_ATTEMPTS_MESSAGE = "Too many failed attempts. Wait a few minutes, then try again.";

/** The password was right and the account has two-factor sign-in: the form asks for the code. */
export const SECOND_FACTOR_REQUIRED = "SecondFactorRequired";

/** The code was wrong, or already used. */
export const SECOND_FACTOR_WRONG = "SecondFactorWrong";


/** The password was right, but partner admins sign in through single sign-on only (ADMIN_PASSWORD_SIGN_IN=false). */
export const PASSWORD_SIGN_IN_OFF = "PasswordSignInOff";

/** A customer organisation's single sign-on that is off or gone. */
export const ORG_SSO_UNAVAILABLE = "OrgSsoUnavailable";

/**
 * What the sign-in page says after a single sign-on came back without a session: Rolegate's own
 * refusals (lib/dal/sso.ts) and next-auth's codes for a provider that failed or answered wrongly.
 */
export const SSO_ERROR_MESSAGES: Record<string, string> = {
  SsoNotAllowed: "Your organisation's sign-in did not make you a partner admin here. Ask your administrator to add you to Rolegate's admins.",
  SsoNoEmail: "Your organisation's sign-in gave no e-mail address, which a Rolegate account needs. Ask your administrator to release the e-mail claim.",
  SsoLinkRequired:
    "An account with this e-mail already signs in with a password. Sign in with the password, then link single sign-on under Security; it is never linked without you.",
  SsoAccountConflict: "This e-mail belongs to a customer account, which cannot sign in as a partner admin.",
  SsoIdentityTaken: "That sign-in of your organisation is already linked to another Rolegate account, so it was not linked to yours.",
  OrgSsoNotAllowed:
    "Your company's sign-in did not admit you here: your e-mail must be one your company's provider has verified, in one of its domains, and your account must belong to your company's organisation.",
  OrgSsoLinkRequired:
    "An account with this e-mail already signs in with a password. Sign in with the password, then link your company's sign-in under Account → Security; it is never linked without you.",
  OrgSsoAccountConflict: "This e-mail belongs to an account that cannot sign in through your company's sign-in. Sign in with your password instead.",
  [ORG_SSO_UNAVAILABLE]: "Your company's single sign-on is not available here. Sign in with your password, or ask the partner's administrator.",
  OAuthSignin: "Your organisation's sign-in could not be reached. Try again in a moment; if it keeps failing, tell your administrator.",
  OAuthCallback: "The answer from your organisation's sign-in could not be checked, so nobody was signed in. Start again from this page.",
  Callback: "The answer from your organisation's sign-in could not be checked, so nobody was signed in. Start again from this page.",
  AccessDenied: "Sign-in was refused.",
  [PASSWORD_SIGN_IN_OFF]: "Partner admins sign in with single sign-on here, not with a password.",
};
