import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyTable } from './key-table.js';

describe('KeyTable (the directory index by identity key)', () => {
  it('answers get and has as a Map of the same sets does, for keys present and absent', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.integer({ min: -5, max: 1 << 30 }))),
        fc.array(fc.string({ maxLength: 12 })),
        (entries, probes) => {
          const table = new KeyTable(entries.length);
          const map = new Map<string, number>();
          for (const [key, value] of entries) {
            table.set(key, value);
            map.set(key, value);
          }
          for (const key of [...map.keys(), ...probes]) {
            expect(table.get(key)).toBe(map.get(key));
            expect(table.has(key)).toBe(map.has(key));
          }
        },
      ),
    );
  });

  it('keeps every key of a full table apart, including keys that differ in one character', () => {
    const count = 20_000;
    const table = new KeyTable(count);
    for (let i = 0; i < count; i++) table.set(`user${String(i)}@example.com`, i);
    for (let i = 0; i < count; i++) {
      expect(table.get(`user${String(i)}@example.com`)).toBe(i);
    }
    expect(table.get(`user${String(count)}@example.com`)).toBeUndefined();
    expect(table.has('')).toBe(false);
  });

  it('a later set of the same key replaces its value', () => {
    const table = new KeyTable(2);
    table.set('ann', 1);
    table.set('ann', 2);
    expect(table.get('ann')).toBe(2);
  });
});
