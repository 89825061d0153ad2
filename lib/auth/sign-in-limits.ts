import "server-only";
import { consumeRateLimit, releaseRateLimit, type RateLimit } from "@/lib/dal/rate-limit";

const FIFTEEN_MINUTES = 15 * 60 * 1000;
/** Failed sign-ins allowed per account and per client address before a pause. */
export const SIGN_IN_LIMITS = {
  perAccount: { limit: 10, windowMs: FIFTEEN_MINUTES },
  perAddress: { limit: 100, windowMs: FIFTEEN_MINUTES },
} satisfies Record<string, RateLimit>;

export { TOO_MANY_ATTEMPTS } from "./sign-in-errors";

function keys(email: string, address: string | undefined) {
  return [
    { key: `sign-in:account:${email.trim().toLowerCase()}`, limit: SIGN_IN_LIMITS.perAccount },
    ...(address ? [{ key: `sign-in:address:${address}`, limit: SIGN_IN_LIMITS.perAddress }] : []),
  ];
}

/**
 * Takes one attempt from the account's and the address's allowance before the password is checked;
 * false when either is used up. Taken first, atomically, so that a burst of concurrent guesses
 * cannot all be checked before the first failure is counted.
 */
export async function startSignInAttempt(email: string, address: string | undefined): Promise<boolean> {
  const uses = await Promise.all(keys(email, address).map(({ key, limit }) => consumeRateLimit(key, limit)));
  return uses.every((use) => use.allowed);
}

/** A correct password gives its attempt back: only failures count against the limits. */
export async function signInSucceeded(email: string, address: string | undefined): Promise<void> {
  await Promise.all(keys(email, address).map(({ key }) => releaseRateLimit(key)));
}
