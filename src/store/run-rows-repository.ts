/**
 * The staged rows of a run: one per outcome of the plan (file rows in order, then users missing
 * from the file), and the file's rows as read, in chunks (staged-source.ts), so that any process
 * can re-plan the run from the database. Staged in one transaction with prepared statements
 * (SQLite) or COPY (PostgreSQL); read back in pages, filtered by class.
 */
import { ValuePool } from '../engine/value-pool.js';
import type { FieldChange, RowClass, RowOutcome } from '../engine/plan.js';
import type { RowError } from '../engine/row-error.js';
import type { SourceRow } from '../engine/source.js';
import { identityKey } from '../engine/normalise.js';
import { insertMapped, integerColumn, textColumn, type BulkTable } from './insert-rows.js';
import type { RunRowsTable } from './schema.js';
import { containsText } from './contains-text.js';
import {
  decodeSource,
  decodeSourceChunk,
  encodeSourceChunk,
  SOURCE_CHUNK_ROWS,
} from './staged-source.js';
import { runInTransaction } from './run-in-transaction.js';
import { parseJson, toCount, withRawSqlite, type Db } from './store-db.js';
import { streamRows } from './stream-rows.js';

/** A staged row read back. */
export interface StagedRow {
  /** Position in the plan's outcomes (0-based). */
  readonly seq: number;
  readonly outcome: RowOutcome;
}

const RUN_ROWS_TABLE: BulkTable = {
  table: 'run_rows',
  columns: [
    textColumn('run_id'),
    integerColumn('seq'),
    integerColumn('row_number'),
    textColumn('user_name'),
    textColumn('user_name_key'),
    textColumn('email'),
    textColumn('user_id'),
    textColumn('class'),
    textColumn('reason'),
    textColumn('changes'),
    textColumn('errors'),
    integerColumn('open_conflicts'),
  ],
};

const RUN_SOURCES_TABLE: BulkTable = {
  table: 'run_sources',
  columns: [textColumn('run_id'), integerColumn('first_seq'), textColumn('rows')],
};

/** JSON of a list; the common empty one without calling the serialiser. */
const jsonList = (list: readonly unknown[]) => (list.length === 0 ? '[]' : JSON.stringify(list));

/**
 * Stages a plan's outcomes, each with the file row at the same index (the outcomes past the
 * file's rows, users missing from it, have none), numbered from 0. Wrap in a transaction with
 * `deleteStagedRows` to re-stage after decisions. Each row's values, and each chunk of file
 * rows, are made as they are written: a 1M-row preview holds no second object per row while it
 * stages. The rows and their chunks commit together (outside a transaction it opens one).
 */
export async function stageOutcomes(
  db: Db,
  runId: string,
  outcomes: readonly RowOutcome[],
  sources: readonly SourceRow[],
): Promise<void> {
  if (!db.inTransaction) {
    await runInTransaction(db, (tx) => stageOutcomes(tx, runId, outcomes, sources));
    return;
  }
  await insertMapped(db, RUN_ROWS_TABLE, outcomes, (outcome, index) => [
    runId,
    index,
    outcome.row,
    outcome.userName,
    identityKey(outcome.userName),
    outcome.email,
    outcome.userId,
    outcome.class,
    outcome.reason,
    jsonList(outcome.changes),
    jsonList(outcome.errors),
    outcome.openConflicts,
  ]);
  const chunks = Array.from(
    { length: Math.ceil(sources.length / SOURCE_CHUNK_ROWS) },
    (_, chunk) => chunk * SOURCE_CHUNK_ROWS,
  );
  await insertMapped(db, RUN_SOURCES_TABLE, chunks, (first) => [
    runId,
    first,
    encodeSourceChunk(sources, first, first + SOURCE_CHUNK_ROWS),
  ]);
}

/** Removes a run's staged rows (before staging a new plan of the same run). */
export async function deleteStagedRows(db: Db, runId: string): Promise<void> {
  await db.kysely.deleteFrom('run_rows').where('run_id', '=', runId).execute();
  await db.kysely.deleteFrom('run_sources').where('run_id', '=', runId).execute();
}

const CLASSES: readonly string[] = [
  'new',
  'updated',
  'deactivated',
  'skipped',
  'error',
] satisfies RowClass[];

function toStagedRow(row: Omit<RunRowsTable, 'run_id' | 'source' | 'user_name_key'>): StagedRow {
  if (!CLASSES.includes(row.class)) throw new Error(`unexpected row class: ${row.class}`);
  return {
    seq: toCount(row.seq),
    outcome: {
      row: row.row_number,
      userName: row.user_name,
      email: row.email,
      userId: row.user_id,
      class: row.class as RowClass,
      reason: row.reason,
      changes: parseJson(row.changes) as FieldChange[],
      errors: parseJson(row.errors) as RowError[],
      openConflicts: toCount(row.open_conflicts),
    },
  };
}

/** Which staged rows to read. */
export interface StagedRowFilter {
  /** Only rows of these classes; all when absent or empty. */
  readonly classes?: readonly RowClass[];
  /** Only rows whose userName contains this (case-insensitive). */
  readonly search?: string;
  /** Default 100. */
  readonly limit?: number;
  readonly offset?: number;
}

/** A page of staged rows in plan order, and how many match in all. */
export async function listStagedRows(
  db: Db,
  runId: string,
  filter: StagedRowFilter = {},
): Promise<{ rows: StagedRow[]; total: number }> {
  let query = db.kysely.selectFrom('run_rows').where('run_id', '=', runId);
  if (filter.classes !== undefined && filter.classes.length > 0) {
    query = query.where('class', 'in', filter.classes);
    // Lets both databases use run_rows_class, which leaves the skipped rows out.
    if (!filter.classes.includes('skipped')) query = query.where('class', '<>', 'skipped');
  }
  const search = identityKey(filter.search ?? '');
  if (search !== '') {
    query = query.where(containsText('user_name_key', search));
  }
  const counted = await query.select((eb) => eb.fn.countAll().as('total')).executeTakeFirst();
  const rows = await query
    .select([
      'seq',
      'row_number',
      'user_name',
      'email',
      'user_id',
      'class',
      'reason',
      'changes',
      'errors',
      'open_conflicts',
    ])
    .orderBy('seq')
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0)
    .execute();
  return { rows: rows.map(toStagedRow), total: toCount(counted?.total) };
}

/** Staged rows per class. */
export async function countStagedRows(db: Db, runId: string): Promise<Record<RowClass, number>> {
  const rows = await db.kysely
    .selectFrom('run_rows')
    .select((eb) => ['class', eb.fn.countAll().as('count')])
    .where('run_id', '=', runId)
    .groupBy('class')
    .execute();
  const counts: Record<RowClass, number> = {
    new: 0,
    updated: 0,
    deactivated: 0,
    skipped: 0,
    error: 0,
  };
  for (const row of rows) {
    if (CLASSES.includes(row.class)) counts[row.class as RowClass] = toCount(row.count);
  }
  return counts;
}

/**
 * The file rows of a run: its chunks (staged since 0005) or, for a run staged before, the text
 * on each staged row; one query, so both are read from one snapshot, and a run has only one
 * kind. Each result row is `[seq, rowNumber, rowText, chunkText]`.
 */
const STAGED_SOURCE_SQL =
  'select first_seq as seq, null as row_number, null as source, rows from run_sources ' +
  'where run_id = ? ' +
  'union all ' +
  'select seq, row_number, source, null as rows from run_rows ' +
  'where run_id = ? and source is not null ' +
  'order by seq';

/**
 * The file rows of a run as read, in file order, to re-plan it (with the run's `columns` they
 * make the engine's SourceFile). Each chunk is parsed as it arrives, so the texts are never
 * all held at once beside their parsed rows, and each dies young: SQLite steps one row at a
 * time; PostgreSQL streams one SELECT (`streamRows`), which reads one snapshot (separate
 * queries could mix two stagings of a run being re-planned concurrently).
 */
export async function readStagedSource(db: Db, runId: string): Promise<SourceRow[]> {
  // Every row is held while the apply re-plans: equal values share one string (ValuePool),
  // pooled as each row is decoded so that the repetitions die young.
  const pool = new ValuePool();
  const rows: SourceRow[] = [];
  const add = (row: SourceRow) => {
    pool.poolFields(row.values);
    rows.push(row);
  };
  const addRow = (row: readonly unknown[]) => {
    const [, rowNumber, source, chunk] = row;
    if (typeof chunk === 'string') decodeSourceChunk(chunk, add);
    else add(decodeSource(toCount(rowNumber), String(source)));
  };
  const fromSqlite = await withRawSqlite(db, (sqlite) => {
    const stepped = sqlite.prepare(STAGED_SOURCE_SQL).raw(true).iterate(runId, runId) as Iterable<
      unknown[]
    >;
    for (const row of stepped) addRow(row);
    return true;
  });
  if (fromSqlite === true) return rows;
  if (!db.inTransaction) return runInTransaction(db, (tx) => readStagedSource(tx, runId));
  const client = db.postgres?.client;
  if (client == null) throw new Error('a PostgreSQL transaction without its client');
  // Both placeholders are the run id: PostgreSQL takes $1 twice.
  await streamRows(client, STAGED_SOURCE_SQL.replaceAll('?', '$1'), [runId], addRow);
  return rows;
}
