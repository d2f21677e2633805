import { expect, test } from 'vitest';
import { AUDIT_TABLE, listAuditByRun } from '../../src/store/audit-log-repository.js';
import {
  insertMapped,
  insertRows,
  textColumn,
  updateRows,
  type BulkTable,
} from '../../src/store/insert-rows.js';
import type { Db } from '../../src/store/store-db.js';
import { describeStore } from './store-targets.js';

const SETTINGS: BulkTable = {
  table: 'settings',
  columns: [textColumn('key'), textColumn('value'), textColumn('updated_at')],
};

/** `count` settings rows keyed `<prefix>.<index>`. */
const settingRows = (prefix: string, count: number, value = 'v1') =>
  Array.from({ length: count }, (_, index) => [`${prefix}.${String(index)}`, value, 'now']);

async function settingValues(db: Db, prefix: string): Promise<string[]> {
  const rows = await db.kysely
    .selectFrom('settings')
    .select('value')
    .where('key', 'like', `${prefix}.%`)
    .execute();
  return rows.map((row) => row.value);
}

describeStore('store: bulk writes', ({ store }) => {
  test('bulk inserts keep every value as given: tabs, newlines, backslashes, \\N, any text, null', async () => {
    const odd = ['tab\there', 'line\nbreak', 'cr\rlf', 'back\\slash', '\\N', '\\.', '', '東京 😀'];
    await insertRows(
      store().db,
      AUDIT_TABLE,
      odd.map((text, index) => [
        'now',
        null,
        text,
        'test.odd',
        null,
        'run-odd',
        null,
        String(index),
        text,
        index % 2 === 0 ? null : text,
        null,
      ]),
    );
    const entries = await listAuditByRun(store().db, 'run-odd');
    expect(entries.map((entry) => [entry.actor.name, entry.before, entry.after])).toEqual(
      odd.map((text, index) => [text, text, index % 2 === 0 ? null : text]),
    );
    expect(entries.every((entry) => entry.actor.id === null && entry.userId === null)).toBe(true);
  });

  test('a bulk insert of many chunks, some rows longer than a chunk, writes every row once', async () => {
    const rows = settingRows('chunked', 5_000).map(([key, , updatedAt], index) => [
      key ?? '',
      // Every 1000th value alone is longer than a COPY chunk.
      index % 1000 === 999
        ? `long ${'x'.repeat(100_000)}`
        : `value ${String(index)} ${'y'.repeat(90)}`,
      updatedAt ?? '',
    ]);
    await insertRows(store().db, SETTINGS, rows);
    const written = await settingValues(store().db, 'chunked');
    expect(written.sort()).toEqual(rows.map((row) => row[1]).sort());
  });

  test('a row that cannot be made in the middle of a bulk insert rejects with its error, and nothing is written', async () => {
    const rows = settingRows('unmade', 12_000);
    // Made while the rows before it are being written.
    await expect(
      insertMapped(store().db, SETTINGS, rows, (row, index) => {
        if (index === 7_000) throw new Error('row 7000 cannot be made');
        return row;
      }),
    ).rejects.toThrow('row 7000 cannot be made');
    expect(await settingValues(store().db, 'unmade')).toEqual([]);
    // The connection is usable again: the same rows go in.
    await insertRows(store().db, SETTINGS, rows);
    expect(await settingValues(store().db, 'unmade')).toHaveLength(12_000);
  });

  test('a row the database refuses in the middle of a bulk insert rejects, and nothing is written', async () => {
    // Long enough that the database refuses it while later rows are still being sent.
    const rows = settingRows('refused', 12_000, 'x'.repeat(1_500));
    rows[1_234] = ['refused.17', 'again', 'now'];
    await expect(insertRows(store().db, SETTINGS, rows)).rejects.toThrow(/duplicate key|UNIQUE/);
    expect(await settingValues(store().db, 'refused')).toEqual([]);
    await insertRows(store().db, SETTINGS, settingRows('refused', 10));
    expect(await settingValues(store().db, 'refused')).toHaveLength(10);
  });

  test('a failing batch in the middle of a bulk update rejects, and nothing is written', async () => {
    await insertRows(store().db, SETTINGS, settingRows('updated', 12_000));
    const updates: (string | null)[][] = Array.from({ length: 12_000 }, (_, index) => [
      `updated.${String(index)}`,
      'v2',
    ]);
    // The second of three batches (5,000 rows each on PostgreSQL) sets a NOT NULL column to null.
    updates[7_000] = ['updated.7000', null];
    const spec: BulkTable = {
      table: 'settings',
      columns: [textColumn('key'), textColumn('value')],
    };
    await expect(updateRows(store().db, spec, updates)).rejects.toThrow(/null/i);
    expect(new Set(await settingValues(store().db, 'updated'))).toEqual(new Set(['v1']));
    updates[7_000] = ['updated.7000', 'v2'];
    await updateRows(store().db, spec, updates);
    expect(new Set(await settingValues(store().db, 'updated'))).toEqual(new Set(['v2']));
  });
});
