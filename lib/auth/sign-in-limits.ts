import "server-only";
import {
  type Backoff,
  clearRateLimit,
  consumeBackoff,
  consumeRateLimit,
  rateLimitCount,
  type RateLimit,
  releaseRateLimit,
  touchRateLimit,
} from "@/lib/dal/rate-limit";
import { enqueueSignInFailureAlert } from "@/lib/dal/mail-fanout";
import { logger } from "@/lib/log";

const MINUTE = 60 * 1000;

/**
 * How failed sign-ins are slowed, so that guessing is slow and a stranger cannot lock the owner out:
 * - one address against one account: a few tries, then a pause that doubles with each failure;
 * - one account from anywhere: past its limit, only addresses the account signed in from before
 *   may still try (each under its own pause), so spreading guesses over many addresses buys
 *   nothing and the owner, at their usual address, still gets in;
 * - one address against any account: a limit, against spraying one password over many accounts.
 * Only failures count: a correct sign-in gives its attempt back. The owner is e-mailed once when
 * the account's limit is passed. A sign-in with a second factor is never held by the account's limit.
 */
export const SIGN_IN_LIMITS = {
  perAccountAndAddress: { free: 5, firstPauseMs: 30 * 1000, maxPauseMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE } satisfies Backoff,
  perAccount: { limit: 20, windowMs: 15 * MINUTE } satisfies RateLimit,
  perAddress: { limit: 100, windowMs: 15 * MINUTE } satisfies RateLimit,
  /** How long an address the account signed in from stays one of its own. */
  knownAddress: { limit: 1, windowMs: 90 * 24 * 60 * MINUTE } satisfies RateLimit,
};

export { TOO_MANY_ATTEMPTS } from "./sign-in-errors";

// E-mail addresses are compared as the sign-in compares them: case and surrounding spaces do not matter.
const account = (email: string) => email.trim().toLowerCase();
const keys = (email: string, address: string | undefined) => ({
  account: `sign-in:account:${account(email)}`,
  address: address ? `sign-in:address:${address}` : undefined,
  pair: `sign-in:pair:${account(email)}:${address ?? "-"}`,
  known: address ? `sign-in:known:${account(email)}:${address}` : undefined,
});

/**
 * Takes one attempt from the allowances before the password is checked; false when the attempt must
 * wait. Taken first, atomically, so that a burst of concurrent guesses cannot all be checked before
 * the first failure is counted.
 */
export async function startSignInAttempt(
  email: string,
  address: string | undefined,
  now = new Date(),
  options: { secondFactor?: boolean } = {},
): Promise<boolean | "only-with-second-factor"> {
  const key = keys(email, address);
  if (key.address && !(await consumeRateLimit(key.address, SIGN_IN_LIMITS.perAddress, now)).allowed) return false;
  if (!(await consumeBackoff(key.pair, SIGN_IN_LIMITS.perAccountAndAddress, now)).allowed) return false;
  const perAccount = await consumeRateLimit(key.account, SIGN_IN_LIMITS.perAccount, now);
  if (perAccount.allowed) return true;
  if (perAccount.count === SIGN_IN_LIMITS.perAccount.limit + 1) {
    // The owner hears of it once per window; the attempt's answer does not wait for the mail.
    enqueueSignInFailureAlert(email, SIGN_IN_LIMITS.perAccount.limit, perAccount.windowStart).catch((err: unknown) =>
      logger().warn({ err }, "sign-in: could not queue the failed sign-ins alert"),
    );
  }
  if (key.known !== undefined && (await rateLimitCount(key.known, SIGN_IN_LIMITS.knownAddress, now)) > 0) return true;
  // The account's limit never stops a sign-in that brings its second factor: the caller lets it in
  // only if the password and the code are both right, and answers any failure as "wait".
  return options.secondFactor ? "only-with-second-factor" : false;
}

/** A correct password: its attempt is given back, the address's run of failures ends, and the address becomes one of the account's own. */
export async function signInSucceeded(email: string, address: string | undefined, now = new Date()): Promise<void> {
  const key = keys(email, address);
  await Promise.all([
    releaseRateLimit(key.account),
    key.address ? releaseRateLimit(key.address) : undefined,
    clearRateLimit(key.pair),
    key.known ? touchRateLimit(key.known, now) : undefined,
  ]);
}

/**
 * Re-authentication of a signed-in session before a dangerous action has limits of its own: only
 * the account's own sessions can use them up, so a stranger hammering the sign-in page cannot stop
 * the owner from confirming, while a session left open still cannot guess the password quickly
 * (a pause per address, and a limit per account across all of its sessions).
 */
export const REAUTH_LIMITS = {
  perAccountAndAddress: SIGN_IN_LIMITS.perAccountAndAddress,
  perAccount: { limit: 20, windowMs: 15 * MINUTE } satisfies RateLimit,
};

const reauthKeys = (userId: string, address: string | undefined) => ({ account: `reauth:account:${userId}`, pair: `reauth:pair:${userId}:${address ?? "-"}` });

/** Takes one re-authentication attempt before the password is checked; false when it must wait. */
export async function startReauthAttempt(userId: string, address: string | undefined, now = new Date()): Promise<boolean> {
  const key = reauthKeys(userId, address);
  if (!(await consumeBackoff(key.pair, REAUTH_LIMITS.perAccountAndAddress, now)).allowed) return false;
  return (await consumeRateLimit(key.account, REAUTH_LIMITS.perAccount, now)).allowed;
}

/** A confirmed identity: its attempt is given back and the address's run of failures ends. */
export async function reauthSucceeded(userId: string, address: string | undefined): Promise<void> {
  const key = reauthKeys(userId, address);
  await Promise.all([releaseRateLimit(key.account), clearRateLimit(key.pair)]);
}
