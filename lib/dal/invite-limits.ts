import "server-only";
import { DalError, isDalError } from "./errors";
import { consumeRateLimit, releaseRateLimit, type RateLimit } from "./rate-limit";

/** Invite links that did not work, per client address, before every invite lookup from it pauses. */
export const INVITE_LIMITS = {
  perAddress: { limit: 20, windowMs: 15 * 60 * 1000 },
} satisfies Record<string, RateLimit>;

/** E-mail domains without single sign-on looked up from one client address before its lookups pause. */
export const COMPANY_SSO_LIMITS = {
  perAddress: { limit: 20, windowMs: 15 * 60 * 1000 },
} satisfies Record<string, RateLimit>;

/**
 * Runs an invite lookup (showing or accepting an invite) within the address's allowance of unknown
 * links; once it is used up, every lookup is refused, valid links included (answering those would
 * keep the guessing oracle open).
 */
export function limitInviteLookup<T>(address: string | undefined, lookup: () => Promise<T>): Promise<T> {
  return limitMisses(
    address && `invite:address:${address}`,
    INVITE_LIMITS.perAddress,
    (minutes) => `Too many invite links that do not work were opened from your network. Wait ${minutes} minute${minutes === 1 ? "" : "s"}, then open your link again.`,
    lookup,
  );
}

/**
 * Runs a lookup that answers `not_found` to a guess within the allowance of misses of `key` (none
 * without a key). The use is taken first and given back unless the lookup missed, so only misses
 * count and a burst of concurrent guesses cannot overshoot; past the allowance every lookup is refused.
 */
export async function limitMisses<T>(key: string | undefined, limit: RateLimit, refusal: (minutes: number) => string, lookup: () => Promise<T>): Promise<T> {
  if (!key) return lookup();
  const { allowed, retryAfterMs } = await consumeRateLimit(key, limit);
  if (!allowed) throw new DalError("rate_limited", refusal(Math.max(1, Math.ceil(retryAfterMs / 60_000))));
  try {
    const result = await lookup();
    await releaseRateLimit(key);
    return result;
  } catch (error) {
    if (!isDalError(error, "not_found")) await releaseRateLimit(key);
    throw error;
  }
}
