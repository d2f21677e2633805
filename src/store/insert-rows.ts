/**
 * Fast multi-row writes for the hot paths (staging 100k rows, applying 100k users):
 * - SQLite: prepared statements of 64 rows each on the raw connection, inside a transaction.
 * - PostgreSQL inserts: one `COPY … FROM STDIN` per call, its rows sent in chunks as they are
 *   made (pg-copy-streams; see `copyMapped` for why COPY).
 * - PostgreSQL updates: `UPDATE … FROM jsonb_array_elements($1::jsonb)` in batches of 5,000 rows,
 *   the whole batch one JSON parameter, each batch made while the one before runs.
 */
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { runInTransaction } from './run-in-transaction.js';
import type { Schema } from './schema.js';
import { withRawSqlite, type Db } from './store-db.js';

/** A value bound to a column. */
export type SqlValue = string | number | null;

/** PostgreSQL types of the columns the bulk writers fill. */
export type PgType = 'text' | 'integer' | 'bigint';

/** A column a bulk write fills. */
export interface BulkColumn {
  readonly name: string;
  readonly pgType: PgType;
}

/** A table and the columns a bulk write fills, in the order of each row's values. */
export interface BulkTable {
  readonly table: keyof Schema;
  readonly columns: readonly BulkColumn[];
}

/** PostgreSQL: rows per UPDATE statement. */
const PG_BATCH = 5_000;

/** Shorthand for a text column. */
export const textColumn = (name: string): BulkColumn => ({ name, pgType: 'text' });
/** Shorthand for an integer column. */
export const integerColumn = (name: string): BulkColumn => ({ name, pgType: 'integer' });

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
 * PostgreSQL: runs `count` batch statements in order on the transaction's connection, making
 * each batch's query (its rows and their JSON) while the server still executes the one before,
 * so that neither side waits for the other. At most one statement is in flight and two batches
 * are held. The first failure in batch order rejects, after the statement in flight (if any)
 * has settled, so nothing runs on the connection once this returns and no rejection goes
 * unhandled; the caller's transaction then rolls back.
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

/** Resolves after the event loop has polled for I/O once. */
const nextTurn = () =>
  new Promise<void>((resolve) => {
    setImmediate(resolve);
  });

/**
 * COPY: characters made and sent per chunk (a row is added while one as long as the last still
 * fits, so chunks of rows of one kind stay within it). A chunk stays under V8's largest ordinary
 * object (128 KiB, even at two bytes a character), so it is a young string that dies young:
 * chunks of 500 rows (~270 KB of users) went straight to the large-object space of the old
 * generation, where only a full collection frees them. A row much longer than the one before it
 * can take its chunk past the budget; nothing is added after it.
 */
export const COPY_CHUNK_CHARS = 48 * 1024;

/** Characters COPY's text format escapes. */
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIAL_ALL = /[\\\t\n\r]/g;
const COPY_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};

/** A value in COPY's text format: `\N` for null, the four special characters escaped. */
function copyValue(value: SqlValue): string {
  if (value === null) return '\\N';
  const text = typeof value === 'number' ? String(value) : value;
  return COPY_SPECIAL.test(text)
    ? text.replace(COPY_SPECIAL_ALL, (special) => COPY_ESCAPES[special] ?? special)
    : text;
}

/** COPY text lines of the items from `from` on, within COPY_CHUNK_CHARS; `next` is the first left. */
export function copyChunk<T>(
  items: readonly T[],
  from: number,
  toRow: (item: T, index: number) => readonly SqlValue[],
): { readonly text: string; readonly next: number } {
  const lines: string[] = [];
  let length = 0;
  let last = 0;
  let index = from;
  for (; index < items.length && (length === 0 || length + last <= COPY_CHUNK_CHARS); index++) {
    const line = toRow(items[index] as T, index)
      .map(copyValue)
      .join('\t');
    lines.push(line);
    last = line.length + 1;
    length += last;
  }
  lines.push('');
  return { text: lines.join('\n'), next: index };
}

/**
 * PostgreSQL: inserts the items with one `COPY … FROM STDIN` on the transaction's client. Why
 * COPY rather than `INSERT … SELECT` from a JSON batch: the server parses COPY's text far more
 * cheaply than a batch's JSONB (a sixth of its time inserting 100k users went to that) and
 * inserts the rows in multi-row groups; and one statement streams every row, so the server
 * inserts one chunk while the next is made without a round trip per batch, and only a chunk's
 * text (not a 2.7 MB batch string) is held at a time. Kysely cannot run COPY, hence the client.
 *
 * Failures: a row that cannot be made (`toRow` throws) aborts the COPY (CopyFail) and rejects
 * with that error; a row the server refuses rejects with the server's error. Either way the
 * COPY has ended on the server when this rejects, and the transaction is left to roll back.
 */
async function copyMapped<T>(
  client: pg.PoolClient,
  spec: BulkTable,
  items: readonly T[],
  toRow: (item: T, index: number) => readonly SqlValue[],
): Promise<void> {
  const names = spec.columns.map((column) => column.name).join(', ');
  const copy = client.query(copyFrom(`copy ${spec.table} (${names}) from stdin`));
  // Settles once the server has ended the COPY (ReadyForQuery), or on its error.
  const ended = finished(copy);
  ended.catch(() => undefined);
  const server = { failed: false };
  copy.once('error', () => {
    server.failed = true;
  });
  try {
    for (let from = 0; from < items.length && !server.failed;) {
      const { text: chunk, next } = copyChunk(items, from, toRow);
      from = next;
      // Waits while the socket is full, else still lets the event loop run (other requests, and
      // the server's error if it refused a row: no more chunks are made then).
      if (copy.write(chunk)) await nextTurn();
      else await once(copy, 'drain');
    }
  } catch (error) {
    // `toRow` threw before the server failed (if it did): CopyFail ends the COPY.
    if (!server.failed) copy.destroy(error instanceof Error ? error : new Error(String(error)));
    await ended.catch(() => undefined);
    throw error;
  }
  if (!server.failed) copy.end();
  await ended;
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
 * once, PostgreSQL makes a chunk at a time. So 100k rows of values (and their text) are never
 * all in memory together, and they die young, which keeps the garbage collector cheap.
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
  const client = db.postgres?.client;
  if (client == null) throw new Error('a PostgreSQL transaction without its client');
  await copyMapped(client, spec, items, toRow);
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
