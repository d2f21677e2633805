import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ColumnStrings } from '../../../src/spreadsheet/read/column-strings.js';
import { openSourceFile, type OpenSourceOptions } from '../../../src/spreadsheet/read/index.js';
import { buildXlsx, inlineRow, writeTemp } from './build-xlsx.js';

/*
 * A preview reads with `poolValues`: equal cells of a column become one string. Pooling must
 * never change what is read, whatever the column holds (repeating, unique, long, non-ASCII,
 * more distinct values than a column keeps, a column that stops being pooled after its trial).
 */

async function readAll(path: string, options: OpenSourceOptions) {
  const opened = await openSourceFile(path, options);
  const rows = [];
  for await (const row of opened.rows()) rows.push(row);
  return rows;
}

/**
 * Row i's cells: repeating, unique, long and non-ASCII values, and a column that repeats half the
 * time (so it stays pooled) with more distinct values than a column keeps.
 */
function cells(i: number): string[] {
  return [
    `user${String(i)}`,
    `user${String(i)}@example.com`,
    `First${String(i % 7)}`,
    i % 3 === 0 ? 'Zürich &amp; Genève' : 'a department with a rather long name',
    `  padded ${String(i % 5)}  `,
    i % 2 === 0 ? 'even' : String(i),
  ];
}

const HEADER = ['userName', 'email', 'firstName', 'lastName', 'title', 'costCenter'];
const ROWS = 45_000;

describe('reading with pooled values', () => {
  it('reads a sheet exactly as without pooling, past every column trial and kept-value limit', async () => {
    const rows = [inlineRow(1, HEADER)];
    for (let i = 0; i < ROWS; i++) rows.push(inlineRow(i + 2, cells(i)));
    const path = writeTemp('pooled.xlsx', buildXlsx({ rows: rows.join('') }));
    const pooled = await readAll(path, { poolValues: true });
    expect(pooled).toEqual(await readAll(path, {}));
    expect(pooled).toHaveLength(ROWS);
    expect(pooled[ROWS - 1]?.values.costCenter).toBe(String(ROWS - 1));
  });

  it('reads a CSV file exactly as without pooling', async () => {
    const lines = [HEADER.join(',')];
    for (let i = 0; i < ROWS; i++) lines.push(cells(i).join(','));
    const path = writeTemp('pooled.csv', `${lines.join('\n')}\n`);
    const pooled = await readAll(path, { poolValues: true });
    expect(pooled).toEqual(await readAll(path, {}));
    expect(pooled[3]?.values.lastName).toBe('Zürich &amp; Genève');
  });

  it("reads every producer's fixture exactly as without pooling", async () => {
    const folder = join(import.meta.dirname, '../../fixtures/xlsx');
    const files = readdirSync(folder).filter((name) => name.endsWith('.xlsx'));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const path = join(folder, name);
      expect(await readAll(path, { poolValues: true }), name).toEqual(await readAll(path, {}));
    }
  });
});

describe('ColumnStrings', () => {
  it('gives back text equal to what it was given, for any sequence of columns and values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.string({ maxLength: 20 }))),
        (cells) => {
          const strings = new ColumnStrings();
          for (const [column, text] of cells) expect(strings.text(column, text)).toBe(text);
        },
      ),
    );
  });

  it('finds text by its bytes only when every byte matches, and keeps what the caller made', () => {
    const strings = new ColumnStrings();
    const lookUp = (column: number, value: string): string => {
      const bytes = Buffer.from(`<t>${value}</t>`, 'latin1');
      return strings.find(column, bytes, 3, 3 + value.length) ?? strings.keep(value);
    };
    for (let i = 0; i < 40_000; i++) {
      expect(lookUp(0, `v${String(i % 1000)}`)).toBe(`v${String(i % 1000)}`);
      expect(lookUp(1, `u${String(i)}`)).toBe(`u${String(i)}`);
    }
    const bytes = Buffer.from('v1x u1', 'latin1');
    expect(strings.find(0, bytes, 0, 2)).toBe('v1');
    expect(strings.find(0, bytes, 0, 3)).toBeNull();
    // Column 1 never repeated: its trial ended, so nothing is kept for it any more.
    expect(strings.find(1, bytes, 4, 6)).toBeNull();
  });
});
