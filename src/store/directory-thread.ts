/**
 * The directory read on a thread of its own, for a preview: the file is read on the main
 * thread while the users are read on another core. Reading 100k users is about a second on
 * one thread (half of it stepping the database's rows, half making strings and objects), as
 * long as reading the file; side by side, a preview spends that second once (issue 4).
 *
 * The thread sends the rows in batches, each value as a code into a dictionary of its column:
 * a value the thread has sent before is sent as its code alone, so each distinct department,
 * title or locale crosses once, as one string that every row then shares, and a batch's codes
 * cross as one transferred buffer, not copied. A column whose values do not repeat (ids,
 * userNames, e-mail addresses) is soon seen not to, and its values are sent without a lookup.
 * The main thread turns each batch into users as it arrives (`userOfRow`), between the file's
 * chunks.
 *
 * The thread opens its own connection: SQLite's file (read-only, beside the store's; WAL lets
 * it read while others write) or PostgreSQL's URL. It reads the committed directory, as the
 * preview's own connection would outside a transaction. An in-memory SQLite database cannot
 * be opened twice, and a store opened without a URL cannot be reached from another thread:
 * those, and a thread that fails for any reason, read the directory here instead.
 *
 * The thread is plain JavaScript given as text, as the checkpoint thread is
 * (sqlite-checkpointer.ts): it needs nothing of ours, so it starts the same way from the built
 * code and from the TypeScript sources.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { DirectorySnapshot, DirectoryUser } from '../engine/directory.js';
import { DIRECTORY_SQL, loadDirectory, userOfRow } from './load-directory.js';
import type { Db } from './store-db.js';

/** Rows per message: small enough to turn into users between two chunks of the file. */
const BATCH_ROWS = 4096;

const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { source, sql, batchRows } = workerData;
// A column is looked up on trial: after TRIAL values it keeps its dictionary only if a quarter
// of them were already in it; past MAX_KEPT distinct values new ones are sent but not kept.
const TRIAL = 4096;
const MAX_KEPT = 65536;
let columns = null;
let width = 0;
let codes = null;
let fresh = null;
let rows = 0;
function start(rowWidth) {
  width = rowWidth;
  columns = Array.from({ length: width }, () => ({ codes: new Map(), next: 0, seen: 0, hits: 0 }));
  begin();
}
function begin() {
  codes = new Int32Array(batchRows * width);
  fresh = Array.from({ length: width }, () => []);
  rows = 0;
}
function add(row) {
  if (columns === null) start(row.length);
  const base = rows * width;
  for (let at = 0; at < width; at++) {
    const value = row[at];
    const column = columns[at];
    let code;
    if (column.codes !== null) {
      code = column.codes.get(value);
      column.seen += 1;
      if (code !== undefined) column.hits += 1;
      if (column.seen === TRIAL && column.hits * 4 < TRIAL) column.codes = null;
    }
    if (code === undefined) {
      code = column.next;
      column.next += 1;
      fresh[at].push(value);
      if (column.codes !== null && column.codes.size < MAX_KEPT) column.codes.set(value, code);
    }
    codes[base + at] = code;
  }
  rows += 1;
  if (rows === batchRows) send();
}
function send() {
  if (rows === 0) return;
  parentPort.postMessage({ batch: { rows, codes, fresh } }, [codes.buffer]);
  begin();
}
async function readSqlite() {
  const Database = require(source.driver);
  const db = new Database(source.path, { readonly: true, fileMustExist: true });
  try {
    for (const row of db.prepare(sql).raw(true).iterate()) add(row);
  } finally {
    db.close();
  }
}
async function readPostgres() {
  const pg = require(source.driver);
  const client = new pg.Client({ connectionString: source.connectionString });
  await client.connect();
  try {
    await new Promise((resolve, reject) => {
      const query = new pg.Query({ text: sql, rowMode: 'array' });
      query.on('row', add);
      query.on('end', resolve);
      query.on('error', reject);
      client.query(query);
    });
  } finally {
    await client.end();
  }
}
(source.kind === 'sqlite' ? readSqlite() : readPostgres()).then(
  () => {
    if (columns !== null) send();
    parentPort.postMessage({ done: true });
  },
  (error) => {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  },
);
`;

/** Where the thread reads the directory from. */
type ThreadSource =
  | { readonly kind: 'sqlite'; readonly driver: string; readonly path: string }
  | { readonly kind: 'postgres'; readonly driver: string; readonly connectionString: string };

/** One batch of rows: `codes` holds each row's columns in turn, as codes into the dictionaries. */
interface Batch {
  readonly rows: number;
  readonly codes: Int32Array;
  /** Per column, the values first sent in this batch, in code order. */
  readonly fresh: readonly (readonly unknown[])[];
}

type ThreadMessage =
  { readonly batch: Batch } | { readonly done: true } | { readonly error: string };

/** Where a failed thread is reported (pino's signature). */
export interface DirectoryThreadLogger {
  warn(details: object, message: string): void;
}

/** A directory being read on its thread. */
export interface DirectoryLoad {
  /** The snapshot (read on this thread instead if the other one could not). */
  snapshot(): Promise<DirectorySnapshot>;
  /** Stops the thread: the caller will not ask for the snapshot (its file was refused). */
  cancel(): void;
}

function threadSource(db: Db): ThreadSource | null {
  if (db.inTransaction) return null;
  const require = createRequire(import.meta.url);
  const raw = db.sqlite;
  if (raw !== null) {
    if (raw.memory) return null;
    return { kind: 'sqlite', driver: require.resolve('better-sqlite3'), path: raw.name };
  }
  const connectionString = db.postgres?.pool.options.connectionString;
  if (connectionString === undefined) return null;
  return { kind: 'postgres', driver: require.resolve('pg'), connectionString };
}

/** Turns the thread's batches into users, keeping each column's dictionary as it grows. */
class BatchDecoder {
  readonly users: DirectoryUser[] = [];
  private readonly dictionaries: unknown[][] = [];
  private readonly row: unknown[] = [];

  add(batch: Batch): void {
    const width = batch.fresh.length;
    for (let at = 0; at < width; at++) {
      const dictionary = (this.dictionaries[at] ??= []);
      for (const value of batch.fresh[at] ?? []) dictionary.push(value);
    }
    const { codes, rows } = batch;
    const { dictionaries, row, users } = this;
    for (let index = 0; index < rows; index++) {
      const base = index * width;
      for (let at = 0; at < width; at++) row[at] = dictionaries[at]?.[codes[base + at] ?? 0];
      // Equal values are one string already (one dictionary entry): no pool.
      users.push(userOfRow(row, null));
    }
  }
}

/**
 * Starts reading the directory on its own thread, committed as it is now (not inside `db`'s
 * transaction). Without a thread to read it (see above) it is read here when asked for.
 */
export function loadDirectoryAside(db: Db, logger?: DirectoryThreadLogger): DirectoryLoad {
  const source = threadSource(db);
  if (source === null) {
    return { snapshot: () => loadDirectory(db), cancel: () => undefined };
  }
  const worker = new Worker(THREAD, {
    eval: true,
    workerData: { source, sql: DIRECTORY_SQL, batchRows: BATCH_ROWS },
  });
  worker.unref();
  const decoder = new BatchDecoder();
  const fromThread = new Promise<DirectorySnapshot>((resolve, reject) => {
    let settled = false;
    worker.on('message', (message: ThreadMessage) => {
      if (settled) return;
      // Must not throw: a listener's error would be the whole process's uncaught exception.
      try {
        if ('batch' in message) {
          decoder.add(message.batch);
        } else if ('done' in message) {
          settled = true;
          resolve({ users: decoder.users });
        } else {
          throw new Error(message.error);
        }
      } catch (error) {
        settled = true;
        void worker.terminate();
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    worker.once('error', reject);
    worker.once('exit', () => {
      reject(new Error('the directory thread stopped before it finished'));
    });
  });
  // A refused file never asks for the snapshot: its failure must not be unhandled.
  fromThread.catch(() => undefined);
  return {
    snapshot: () =>
      fromThread.catch((error: unknown) => {
        logger?.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'the directory thread failed; reading the directory on the main thread',
        );
        return loadDirectory(db);
      }),
    cancel() {
      void worker.terminate();
    },
  };
}
