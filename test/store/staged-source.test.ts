import { describe, expect, test } from 'vitest';
import { FIELD_NAMES, type FieldName } from '../../src/engine/fields.js';
import type { SourceRow } from '../../src/engine/source.js';
import {
  decodeSource,
  decodeSourceChunk,
  ENCODED_FIELDS,
  encodeSourceChunk,
} from '../../src/store/staged-source.js';

/** Every field present, each with a value that names it. */
function fullRow(row: number): SourceRow {
  const values = Object.fromEntries(FIELD_NAMES.map((field) => [field, `${field} ${String(row)}`]));
  return { row, values, problems: [] };
}

/** The rows of a chunk's text, decoded. */
function decodeChunk(text: string): SourceRow[] {
  const rows: SourceRow[] = [];
  decodeSourceChunk(text, (row) => rows.push(row));
  return rows;
}

const roundTrip = (source: SourceRow) => {
  const [back, ...more] = decodeChunk(encodeSourceChunk([source], 0, 1));
  expect(more).toEqual([]);
  if (back === undefined) throw new Error('the chunk decoded to no row');
  return back;
};

describe('staged source encoding', () => {
  test('encodes every template field, each once (a new field must be appended)', () => {
    expect([...ENCODED_FIELDS].sort()).toEqual([...FIELD_NAMES].sort());
    expect(new Set(ENCODED_FIELDS).size).toBe(ENCODED_FIELDS.length);
  });

  test('a row with every field round-trips, values in place', () => {
    const source = fullRow(7);
    expect(roundTrip(source)).toEqual(source);
    expect(JSON.parse(encodeSourceChunk([source], 0, 1))).toEqual([
      [7, [], ...ENCODED_FIELDS.map((f) => `${f} 7`)],
    ]);
  });

  test('an absent field stays absent and a blank one stays blank', () => {
    const source: SourceRow = {
      row: 3,
      values: { userName: 'ana', email: '', title: '' },
      problems: [],
    };
    const back = roundTrip(source);
    expect(back).toEqual(source);
    expect('title' in back.values).toBe(true);
    expect('phone' in back.values).toBe(false);
    expect(Object.keys(back.values).sort()).toEqual(['email', 'title', 'userName']);
  });

  test('a full row with one blank field keeps it blank', () => {
    const source = fullRow(9);
    const values: Partial<Record<FieldName, string>> = { ...source.values, cField2: '' };
    expect(roundTrip({ ...source, values })).toEqual({ ...source, values });
  });

  test('problems, non-ASCII, newlines, quotes and backslashes round-trip exactly', () => {
    const source: SourceRow = {
      row: 12,
      values: {
        userName: 'zoë.ñandú',
        email: '"quoted"@example.com',
        address1: 'line 1\nline 2\r\nline 3',
        title: 'back\\slash \u2028 tab\t nul\u0000 emoji 😀',
        lastName: 'Łódź 東京',
      },
      problems: [
        { field: 'phone', code: 'error-cell', message: 'the cell holds #N/A' },
        { field: 'title', code: 'formula-without-value', message: 'no "cached" value\nhere' },
      ],
    };
    expect(roundTrip(source)).toEqual(source);
    expect(encodeSourceChunk([source], 0, 1)).not.toContain('\n');
  });

  test('a chunk holds the rows from its first up to its end, in order, and stops at the last row', () => {
    const sources = [fullRow(2), { row: 3, values: { userName: 'b' }, problems: [] }, fullRow(5)];
    expect(decodeChunk(encodeSourceChunk(sources, 1, 3))).toEqual(sources.slice(1));
    expect(decodeChunk(encodeSourceChunk(sources, 2, 64))).toEqual([sources[2]]);
    expect(decodeChunk(encodeSourceChunk(sources, 3, 64))).toEqual([]);
  });

  test('a chunk that is not a JSON array is refused', () => {
    expect(() => decodeChunk('{"rows": []}')).toThrow('a staged source chunk is not a JSON array');
  });

  test('a row staged on its own before 0005 (an array without its row number) still decodes', () => {
    const source = fullRow(6);
    const text = JSON.stringify([[], ...ENCODED_FIELDS.map((field) => source.values[field])]);
    expect(decodeSource(6, text)).toEqual(source);
  });

  test('a row staged in the former { values, problems } shape still decodes', () => {
    const values = { userName: 'old', email: '', manager: 'boss' };
    const problems = [{ field: 'email', code: 'unreadable-cell', message: 'bad' }];
    expect(decodeSource(4, JSON.stringify({ values, problems }))).toEqual({
      row: 4,
      values,
      problems,
    });
  });

  test('a shorter array (staged before a field was appended) reads the missing fields as absent', () => {
    expect(decodeSource(2, JSON.stringify([[], 'ana', 'a@example.com']))).toEqual({
      row: 2,
      values: { userName: 'ana', email: 'a@example.com' },
      problems: [],
    });
  });
});
