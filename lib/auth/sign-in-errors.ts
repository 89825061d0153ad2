/** The error next-auth passes to the sign-in form when an account or address must wait (client-safe). */
export const TOO_MANY_ATTEMPTS = "TooManyAttempts";

/** What the sign-in form says for TOO_MANY_ATTEMPTS: the wait grows with each failure (lib/auth/sign-in-limits.ts). */
export const TOO_MANY_ATTEMPTS_MESSAGE = "Too many failed attempts. Wait a few minutes, then try again.";

/** The password was right and the account has two-factor sign-in: the form asks for the code. */
export const SECOND_FACTOR_REQUIRED = "SecondFactorRequired";

/** The code was wrong, or already used. */
export const SECOND_FACTOR_WRONG = "SecondFactorWrong";
