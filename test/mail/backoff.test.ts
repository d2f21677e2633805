import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BACKOFF,
  backoffCeiling,
  nextAttemptAt,
  type BackoffPolicy,
} from '../../src/mail/backoff.js';

const T0 = new Date('2026-06-09T09:00:00.000Z');
const MINUTE = 60_000;

describe('retry backoff', () => {
  it('doubles from 1 minute after each failure and is capped at 2 hours', () => {
    const schedule = Array.from({ length: 10 }, (_, i) => backoffCeiling(i + 1, DEFAULT_BACKOFF));
    expect(schedule.map((ms) => ms / MINUTE)).toEqual([1, 2, 4, 8, 16, 32, 64, 120, 120, 120]);
  });

  it('spreads retries up to 20% earlier with jitter, never later than the ceiling', () => {
    for (const random of [0, 0.25, 0.5, 0.999]) {
      const next = nextAttemptAt(3, T0, DEFAULT_BACKOFF, () => random);
      const delay = (next?.getTime() ?? 0) - T0.getTime();
      expect(delay).toBeGreaterThanOrEqual(0.8 * 4 * MINUTE);
      expect(delay).toBeLessThanOrEqual(4 * MINUTE);
    }
    expect(nextAttemptAt(3, T0, DEFAULT_BACKOFF, () => 0)).toEqual(
      new Date(T0.getTime() + 4 * MINUTE),
    );
    expect(nextAttemptAt(3, T0, DEFAULT_BACKOFF, () => 0.5)).toEqual(
      new Date(T0.getTime() + 0.9 * 4 * MINUTE),
    );
  });

  it('stops after the maximum number of attempts', () => {
    const policy: BackoffPolicy = { ...DEFAULT_BACKOFF, maxAttempts: 3 };
    expect(nextAttemptAt(2, T0, policy)).not.toBeNull();
    expect(nextAttemptAt(3, T0, policy)).toBeNull();
    expect(nextAttemptAt(DEFAULT_BACKOFF.maxAttempts, T0, DEFAULT_BACKOFF)).toBeNull();
  });

  it('retries over about a day by default before giving up', () => {
    let total = 0;
    for (let attempt = 1; attempt < DEFAULT_BACKOFF.maxAttempts; attempt += 1) {
      total += backoffCeiling(attempt, DEFAULT_BACKOFF);
    }
    expect(total / (60 * MINUTE)).toBeGreaterThan(24);
    expect(total / (60 * MINUTE)).toBeLessThan(30);
  });
});
