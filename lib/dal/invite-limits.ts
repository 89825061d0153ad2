import "server-only";
import { DalError, isDalError } from "./errors";
import { consumeRateLimit, releaseRateLimit, type RateLimit } from "./rate-limit";

/** Invite links that did not work, per client address, before every invite lookup from it pauses. */
export const INVITE_LIMITS = {
  perAddress: { limit: 20, windowMs: 15 * 60 * 1000 },
} satisfies Record<string, RateLimit>;

/**
 * Runs an invite lookup (showing or accepting an invite) within the address's allowance of unknown
 * links. The use is taken first and given back unless the link was unknown, so only guesses count
 * and a burst of concurrent guesses cannot overshoot; once the allowance is used up, every lookup
 * is refused, valid links included (answering those would keep the guessing oracle open).
 */
export async function limitInviteLookup<T>(address: string | undefined, lookup: () => Promise<T>): Promise<T> {
  if (!address) return lookup();
  const key = `invite:address:${address}`;
  const { allowed, retryAfterMs } = await consumeRateLimit(key, INVITE_LIMITS.perAddress);
  if (!allowed) {
    const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
    throw new DalError(
      "rate_limited",
      `Too many invite links that do not work were opened from your network. Wait ${minutes} minute${minutes === 1 ? "" : "s"}, then open your link again.`,
    );
  }
  try {
    const result = await lookup();
    await releaseRateLimit(key);
    return result;
  } catch (error) {
    if (!isDalError(error, "not_found")) await releaseRateLimit(key);
    throw error;
  }
}
