import "server-only";
import { consumeRateLimit, rateLimitCount, type RateLimit } from "@/lib/dal/rate-limit";

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

/** Whether this account or address has used up its failed attempts (checked before the password). */
export async function signInBlocked(email: string, address: string | undefined): Promise<boolean> {
  const counts = await Promise.all(keys(email, address).map(({ key, limit }) => rateLimitCount(key, limit).then((n) => n >= limit.limit)));
  return counts.some(Boolean);
}

/** Counts a failed sign-in against the account and the address. */
export async function recordSignInFailure(email: string, address: string | undefined): Promise<void> {
  await Promise.all(keys(email, address).map(({ key, limit }) => consumeRateLimit(key, limit)));
}
