/**
 * SQLite's WAL checkpoints, on a thread of their own. By default the connection that commits
 * copies the WAL back into the database file (and syncs it) as part of the commit whenever the
 * WAL has grown past 1000 pages: staging a 100k-row preview then spends a third of a second in
 * its commit, on the main thread, copying 45 MB it has just written. With automatic checkpoints
 * off, the commit only appends to the WAL (still atomic and durable as before), and this thread,
 * on a second connection, checkpoints in the background (PASSIVE: it never blocks a reader or a
 * writer; frames still needed by an open read are left for the next round).
 *
 * The thread is plain JavaScript given as text: it needs nothing of ours, so it starts the same
 * way from the built code and from the TypeScript sources, without a loader. If it fails, the
 * connection goes back to checkpointing at commit, so the WAL never grows without end.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/** How often the thread checkpoints (a checkpoint with nothing to copy costs next to nothing). */
const INTERVAL_MS = 1000;
/** SQLite's default threshold, restored if the thread fails. */
const AUTOCHECKPOINT_PAGES = 1000;

const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy (another checkpoint, a schema change): the next round does it.
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

/** Where the checkpointer reports that it failed. */
export interface CheckpointerLogger {
  warn(details: object, message: string): void;
}

/** The running checkpointer. */
export interface Checkpointer {
  /** Checkpoints once more and stops the thread. */
  stop(): Promise<void>;
}

/**
 * Turns `raw`'s automatic checkpoints off and starts the thread that checkpoints the database
 * file at `path` instead. The thread never keeps the process alive.
 */
export function startCheckpointer(
  raw: BetterSqlite3.Database,
  path: string,
  logger?: CheckpointerLogger,
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(THREAD, {
    eval: true,
    workerData: { path, driver, intervalMs: INTERVAL_MS },
  });
  worker.unref();
  raw.pragma('wal_autocheckpoint = 0');
  let stopping = false;
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      if (!stopping && raw.open) {
        raw.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
        logger?.warn({ path }, 'the SQLite checkpoint thread stopped; checkpointing at commit');
      }
      resolve();
    });
  });
  worker.on('error', (error) => {
    logger?.warn({ path, err: error.message }, 'the SQLite checkpoint thread failed');
  });
  return {
    async stop() {
      stopping = true;
      // Referenced again, so that the process waits for the thread's last checkpoint.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
