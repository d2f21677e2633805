import { describe, expect, test } from 'vitest';
import { newId } from '../../src/store/new-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newId', () => {
  test('is a UUID v7 whose first 48 bits are the millisecond', () => {
    const now = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    const id = newId(now + 1_000_000);
    expect(id).toMatch(UUID_V7);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBeGreaterThanOrEqual(now + 1_000_000);
  });

  test('ids made one after another increase, past 4096 in one millisecond, and differ', () => {
    const ids = Array.from({ length: 10_000 }, () => newId(0));
    for (let index = 1; index < ids.length; index++) {
      expect((ids[index - 1] ?? '') < (ids[index] ?? '')).toBe(true);
    }
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
