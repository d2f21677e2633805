/**
 * When a failed outbox message is tried again: exponential backoff with a cap and jitter, and a
 * maximum number of attempts after which the message is failed for good.
 */

/** How retries are spaced. */
export interface BackoffPolicy {
  /** The delay after the first failed attempt, in milliseconds. */
  readonly baseMs: number;
  /** How much each further failure multiplies the delay by. */
  readonly factor: number;
  /** The longest delay, in milliseconds; applied before the jitter. */
  readonly maxMs: number;
  /**
   * The fraction (0–1) of each delay that is random: with 0.2 a delay of 10 minutes becomes
   * between 8 and 10 minutes, so messages that failed together do not all retry together.
   */
  readonly jitter: number;
  /** Attempts in all, the first one included; after the last failure the message is failed. */
  readonly maxAttempts: number;
}

/**
 * 1 min, 2, 4, 8, 16, 32, 64 min, then every 2 h: 20 attempts spread over about a day, so a mail
 * server down for a night loses nothing.
 */
export const DEFAULT_BACKOFF: BackoffPolicy = Object.freeze({
  baseMs: 60_000,
  factor: 2,
  maxMs: 2 * 60 * 60 * 1000,
  jitter: 0.2,
  maxAttempts: 20,
});

/**
 * The delay before the next attempt after attempt number `attempt` (1-based) failed, without
 * jitter: `min(maxMs, baseMs × factor^(attempt − 1))`.
 */
export function backoffCeiling(attempt: number, policy: BackoffPolicy): number {
  const exponent = Math.max(0, attempt - 1);
  return Math.min(policy.maxMs, policy.baseMs * policy.factor ** exponent);
}

/**
 * When to try again after attempt number `attempt` failed at `failedAt`, or null when that was
 * the last attempt allowed. `random` returns a number in [0, 1), as `Math.random` does.
 */
export function nextAttemptAt(
  attempt: number,
  failedAt: Date,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): Date | null {
  if (attempt >= policy.maxAttempts) return null;
  const ceiling = backoffCeiling(attempt, policy);
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  const delay = ceiling * (1 - jitter * random());
  return new Date(failedAt.getTime() + Math.round(delay));
}
