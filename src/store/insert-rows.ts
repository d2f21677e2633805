/**
 * Fast multi-row writes for the hot paths (staging 100k rows, applying 100k users):
 * - SQLite: prepared statements of 64 rows each on the raw connection, inside a transaction.
 * - PostgreSQL: `INSERT … SELECT … FROM jsonb_array_elements($1::jsonb)` in batches of 5,000 rows,
 *   the whole batch one JSON parameter: one round trip and one parse per batch. Columns that
 *   already hold JSON text (a staged row's source) travel beside it as newline-separated text.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import { runInTransaction } from './run-in-transaction.js';
import type { Schema } from './schema.js';
import { withRawSqlite, type Db } from './store-db.js';

/** A value bound to a column. */
export type SqlValue = string | number | null;

/** PostgreSQL array element types the bulk writers use. */
export type PgType = 'text' | 'integer' | 'bigint';

/** A column a bulk write fills. */
export interface BulkColumn {
  readonly name: string;
  readonly pgType: PgType;
  /** The values are JSON text (or null): never empty, never a raw newline. */
  readonly jsonText?: boolean;
}

/** A table and the columns a bulk write fills, in the order of each row's values. */
export interface BulkTable {
  readonly table: keyof Schema;
  readonly columns: readonly BulkColumn[];
}

const PG_BATCH = 5_000;

/** Shorthand for a text column. */
export const textColumn = (name: string): BulkColumn => ({ name, pgType: 'text' });
/** Shorthand for an integer column. */
export const integerColumn = (name: string): BulkColumn => ({ name, pgType: 'integer' });
/**
 * A text column whose values are JSON text, e.g. `JSON.stringify` output. On PostgreSQL they are
 * not put inside the batch's JSON (that would escape every quote of them, and the server would
 * unescape them again: a third of the time of staging 100k rows) but sent as one text parameter,
 * a line per row ('' for null: JSON text is never empty and has no raw newline).
 */
export const jsonTextColumn = (name: string): BulkColumn => ({
  name,
  pgType: 'text',
  jsonText: true,
});

/**
 * PostgreSQL: a SELECT of a batch sent as ONE parameter, a JSON array of row arrays. JSON is
 * serialised natively by V8 and parsed in C by the server, which is several times faster than
 * pg's per-element array literals.
 */
function jsonRowsSelect(spec: BulkTable): string {
  const values = spec.columns.map(
    (column, index) =>
      `${column.pgType === 'text' ? `r->>${String(index)}` : `(r->>${String(index)})::${column.pgType}`} as ${column.name}`,
  );
  return `select ${values.join(', ')} from jsonb_array_elements($1::jsonb) as r`;
}

/**
 * PostgreSQL insert of a batch: the JSON array of the ordinary columns ($1) zipped (ROWS FROM)
 * with one newline-separated text parameter per JSON-text column ($2, …).
 */
function pgInsertText(spec: BulkTable): string {
  const names = spec.columns.map((column) => column.name).join(', ');
  if (!spec.columns.some((column) => column.jsonText === true)) {
    return `insert into ${spec.table} (${names}) ${jsonRowsSelect(spec)}`;
  }
  let inJson = 0;
  const lines: string[] = [];
  const values = spec.columns.map((column) => {
    if (column.jsonText === true) {
      lines.push(`unnest(string_to_array($${String(lines.length + 2)}::text, E'\\n'))`);
      return `nullif(l${String(lines.length)}, '')`;
    }
    const value = `r->>${String(inJson++)}`;
    return column.pgType === 'text' ? value : `(${value})::${column.pgType}`;
  });
  const aliases = ['r', ...lines.map((_, index) => `l${String(index + 1)}`)].join(', ');
  return (
    `insert into ${spec.table} (${names}) select ${values.join(', ')} ` +
    `from rows from (jsonb_array_elements($1::jsonb), ${lines.join(', ')}) as b(${aliases})`
  );
}

/** The parameters of one batch for `pgInsertText`. */
function pgInsertParameters(spec: BulkTable, batch: readonly (readonly SqlValue[])[]): string[] {
  const jsonAt: number[] = [];
  spec.columns.forEach((column, index) => {
    if (column.jsonText === true) jsonAt.push(index);
  });
  if (jsonAt.length === 0) return [JSON.stringify(batch)];
  const rest = batch.map((row) => row.filter((_, index) => !jsonAt.includes(index)));
  const lines = jsonAt.map((index) => batch.map((row) => row[index] ?? '').join('\n'));
  return [JSON.stringify(rest), ...lines];
}

/**
 * PostgreSQL: runs `count` batch statements in order on the transaction's connection, making
 * each batch's query (its rows and their JSON) while the server still executes the one before,
 * so that neither side waits for the other (before, node sat idle about half of an apply).
 * At most one statement is in flight and two batches are held. The first failure in batch
 * order rejects, after the statement in flight (if any) has settled, so nothing runs on the
 * connection once this returns and no rejection goes unhandled; the caller's transaction then
 * rolls back.
 */
async function executeBatches(
  db: Db,
  count: number,
  queryOf: (batchIndex: number) => CompiledQuery,
): Promise<void> {
  let running: Promise<unknown> | null = null;
  for (let batchIndex = 0; batchIndex < count; batchIndex++) {
    let query: CompiledQuery;
    try {
      query = queryOf(batchIndex);
    } catch (error) {
      // The batch before, issued earlier, reports its own failure first.
      if (running !== null) await running;
      throw error;
    }
    if (running !== null) await running;
    running = db.kysely.executeQuery(query);
    // Handled here too: it may reject while the next batch is being made.
    running.catch(() => undefined);
  }
  if (running !== null) await running;
}

/** SQLite: rows per multi-row INSERT (users: 32 columns × 64 = 2,048 parameters; the limit is 32,766). */
const SQLITE_BATCH = 64;

/**
 * SQLite: each statement inserts SQLITE_BATCH rows (`values (…), (…), …`), the rest one by one.
 * A statement run costs a native call, a reset and per-run bookkeeping in better-sqlite3 besides
 * its bindings; 64 rows a run saves most of that (staging 100k rows: ~5% less CPU).
 */
function insertSqlite<T>(
  raw: BetterSqlite3.Database,
  spec: BulkTable,
  items: readonly T[],
  toRow: (item: T, index: number) => readonly SqlValue[],
): void {
  const names = spec.columns.map((column) => column.name).join(', ');
  const one = `(${spec.columns.map(() => '?').join(', ')})`;
  const insert = `insert into ${spec.table} (${names}) values `;
  const single = raw.prepare(insert + one);
  let index = 0;
  if (items.length >= SQLITE_BATCH) {
    const many = raw.prepare(insert + Array.from({ length: SQLITE_BATCH }, () => one).join(', '));
    const values: SqlValue[] = [];
    for (; index + SQLITE_BATCH <= items.length; index += SQLITE_BATCH) {
      values.length = 0;
      for (let at = index; at < index + SQLITE_BATCH; at++) {
        for (const value of toRow(items[at] as T, at)) values.push(value);
      }
      many.run(values);
    }
  }
  for (; index < items.length; index++) single.run(toRow(items[index] as T, index));
}

/** Inserts `rows` (one array of values per row, in `spec.columns` order) in one transaction. */
export async function insertRows(
  db: Db,
  spec: BulkTable,
  rows: readonly (readonly SqlValue[])[],
): Promise<void> {
  await insertMapped(db, spec, rows, (row) => row);
}

/**
 * Inserts one row per item, made by `toRow` only when it is written: SQLite runs each row at
 * once, PostgreSQL makes a batch at a time. So 100k rows of values (and their JSON text) are
 * never all in memory together, and they die young, which keeps the garbage collector cheap.
 */
export async function insertMapped<T>(
  db: Db,
  spec: BulkTable,
  items: readonly T[],
  toRow: (item: T, index: number) => readonly SqlValue[],
): Promise<void> {
  if (items.length === 0) return;
  if (!db.inTransaction) {
    await runInTransaction(db, (tx) => insertMapped(tx, spec, items, toRow));
    return;
  }
  const done = await withRawSqlite(db, (raw) => {
    insertSqlite(raw, spec, items, toRow);
    return true;
  });
  if (done === true) return;
  const text = pgInsertText(spec);
  await executeBatches(db, Math.ceil(items.length / PG_BATCH), (batchIndex) => {
    const from = batchIndex * PG_BATCH;
    const batch = items.slice(from, from + PG_BATCH).map((item, at) => toRow(item, from + at));
    return CompiledQuery.raw(text, pgInsertParameters(spec, batch));
  });
}

/**
 * Updates rows by key: each row is `[key, ...values]` for `spec.columns` (the first column is
 * the key). SQLite: a prepared UPDATE per row; PostgreSQL: `UPDATE … FROM` a JSON batch.
 */
export async function updateRows(
  db: Db,
  spec: BulkTable,
  rows: readonly (readonly SqlValue[])[],
): Promise<void> {
  if (rows.length === 0) return;
  if (!db.inTransaction) {
    await runInTransaction(db, (tx) => updateRows(tx, spec, rows));
    return;
  }
  const [key, ...set] = spec.columns;
  if (key === undefined || set.length === 0) return;
  const done = await withRawSqlite(db, (raw) => {
    const assignments = set.map((column) => `${column.name} = ?`).join(', ');
    const statement = raw.prepare(`update ${spec.table} set ${assignments} where ${key.name} = ?`);
    for (const row of rows) statement.run([...row.slice(1), row[0] ?? null]);
    return true;
  });
  if (done === true) return;
  const aliases = spec.columns.map((column) => column.name).join(', ');
  const assignments = set.map((column) => `${column.name} = v.${column.name}`).join(', ');
  const text =
    `update ${spec.table} as t set ${assignments} from (${jsonRowsSelect(spec)}) ` +
    `as v(${aliases}) where t.${key.name} = v.${key.name}`;
  await executeBatches(db, Math.ceil(rows.length / PG_BATCH), (batchIndex) => {
    const from = batchIndex * PG_BATCH;
    return CompiledQuery.raw(text, [JSON.stringify(rows.slice(from, from + PG_BATCH))]);
  });
}
