import { describe, expect, it } from 'vitest';
import type { SourceRow } from './source.js';
import { ValuePool } from './value-pool.js';

function rowsOf(count: number): SourceRow[] {
  return Array.from({ length: count }, (_, i) => ({
    row: i + 2,
    values: {
      userName: `user${String(i)}`,
      email: `user${String(i)}@example.com`,
      department: ['Sales', 'Support', 'Finance'][i % 3] ?? '',
      title: '',
      city: `City ${String(i % 700)}`,
    },
    problems: [],
  }));
}

describe('ValuePool', () => {
  it('pooling never changes a value, blank or absent fields included', () => {
    const rows = rowsOf(20_000);
    const expected = structuredClone(rows);
    const pool = new ValuePool();
    for (const row of rows) pool.poolFields(row.values);
    expect(rows).toEqual(expected);
    expect(Object.keys(rows[0]?.values ?? {})).toEqual(Object.keys(expected[0]?.values ?? {}));
  });

  it('a column whose values do not repeat stops being pooled after its trial', () => {
    const pool = new ValuePool();
    for (const row of rowsOf(20_000)) pool.poolFields(row.values);
    const pooled = pool.pooledFields();
    expect(pooled).toContain('department');
    expect(pooled).toContain('city');
    expect(pooled).not.toContain('userName');
    expect(pooled).not.toContain('email');
  });

  it('pools the fields of any record, such as a stored user, in place', () => {
    const pool = new ValuePool();
    const fields = { userName: 'ann', department: 'Sales', manager: '' };
    pool.poolFields(fields);
    expect(fields).toEqual({ userName: 'ann', department: 'Sales', manager: '' });
  });
});
