/**
 * Sign-in throttling, in memory (one server process). Failures are counted per login (the
 * identity key of what was typed) and per client address. Past a threshold each further failure
 * locks that key for a delay that doubles, up to a cap: 5 failures for a login lock it 30 s, then
 * 1 min, 2 min … up to 15 min; 20 failures from one address lock it 30 s, 1 min … up to 1 hour.
 * A success clears the login's count. Counts are forgotten after an hour without failures.
 * (Several server processes each keep their own counts; documented in docs/api.md.)
 */
import { identityKey } from '../../engine/normalise.js';
import { AppError } from '../app-error.js';

/** One kind of key's policy. */
interface ThrottlePolicy {
  /** Failures allowed before the first lockout. */
  readonly threshold: number;
  /** The first lockout. */
  readonly baseMs: number;
  /** The longest lockout. */
  readonly capMs: number;
}

/** The policies, per login and per address. */
export const THROTTLE_POLICIES = Object.freeze({
  login: { threshold: 5, baseMs: 30_000, capMs: 15 * 60_000 },
  address: { threshold: 20, baseMs: 30_000, capMs: 60 * 60_000 },
} satisfies Record<string, ThrottlePolicy>);

const FORGET_AFTER_MS = 60 * 60_000;
const MAX_ENTRIES = 50_000;

interface Entry {
  failures: number;
  lockedUntil: number;
  lastFailure: number;
}

/** Counts failed sign-ins and refuses attempts while a login or address is locked. */
export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: () => number = Date.now) {}

  private keys(login: string, address: string) {
    return [
      { key: `login:${identityKey(login)}`, policy: THROTTLE_POLICIES.login },
      { key: `address:${address}`, policy: THROTTLE_POLICIES.address },
    ];
  }

  /** Throws `rate-limited` (with `retryAfterSeconds`) while the login or address is locked. */
  assertAllowed(login: string, address: string): void {
    const now = this.clock();
    let waitMs = 0;
    for (const { key } of this.keys(login, address)) {
      const entry = this.entries.get(key);
      if (entry !== undefined) waitMs = Math.max(waitMs, entry.lockedUntil - now);
    }
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new AppError(
        'rate-limited',
        `Too many failed sign-ins. Wait ${seconds} second${seconds === 1 ? '' : 's'} and try again.`,
        { retryAfterSeconds: seconds },
      );
    }
  }

  /** Records a failed sign-in. */
  recordFailure(login: string, address: string): void {
    const now = this.clock();
    this.prune(now);
    for (const { key, policy } of this.keys(login, address)) {
      const known = this.entries.get(key);
      const entry =
        known === undefined || isIdle(known, now)
          ? { failures: 0, lockedUntil: 0, lastFailure: now }
          : known;
      entry.failures += 1;
      entry.lastFailure = now;
      const over = entry.failures - policy.threshold;
      if (over >= 0) {
        entry.lockedUntil = now + Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(over, 20));
      }
      this.entries.set(key, entry);
    }
  }

  /** Records a successful sign-in: the login's failures are forgotten. */
  recordSuccess(login: string): void {
    this.entries.delete(`login:${identityKey(login)}`);
  }

  private prune(now: number): void {
    if (this.entries.size < MAX_ENTRIES) return;
    for (const [key, entry] of this.entries) {
      if (isIdle(entry, now)) this.entries.delete(key);
    }
  }
}

function isIdle(entry: Entry, now: number): boolean {
  return now - entry.lastFailure > FORGET_AFTER_MS && entry.lockedUntil <= now;
}
