/**
 * The apply lock (SPEC §5: one run applies at a time per directory). The whole apply runs in one
 * transaction that holds it:
 * - SQLite: the transaction starts with `BEGIN IMMEDIATE` on the single connection, so it holds
 *   the database's write lock from the first statement. Another process's attempt is polled
 *   (busy_timeout 0, async sleeps) until the deadline, so the event loop never blocks.
 * - PostgreSQL: `pg_try_advisory_xact_lock` on a fixed key, polled until the deadline; the lock
 *   is released by the commit or rollback (or by the server when the connection dies).
 * Either way the caller gets `StoreError('apply-busy')` when the wait runs out.
 */
import { sql } from 'kysely';
import type { ApplyGate } from './apply-gate.js';
import { busyError } from './apply-gate.js';
import { runPostgresTransaction } from './pg-transaction.js';
import type { Db } from './store-db.js';

/** The advisory lock key: "usersync" in ASCII, folded into a positive 63-bit number. */
export const APPLY_LOCK_KEY = 0x7573657273796e63n & 0x7fffffffffffffffn;

const POLL_MS = 25;

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

/** Whether SQLite refused a write because another connection held the write lock too long. */
export function isSqliteBusy(error: unknown): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    (error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_BUSY_SNAPSHOT')
  );
}

/** Runs `fn` in one transaction holding the apply lock; commits if it resolves. */
export async function runWithApplyLock<T>(
  db: Db,
  gate: ApplyGate,
  timeoutMs: number,
  busyTimeoutMs: number,
  fn: (tx: Db) => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const release = await gate.acquire(timeoutMs);
  try {
    if (db.postgres !== undefined) {
      return await runPostgresTransaction(db.postgres.pool, async (tx) => {
        for (;;) {
          const result = await sql<{
            locked: boolean;
          }>`select pg_try_advisory_xact_lock(${sql.lit(APPLY_LOCK_KEY.toString())}::bigint) as locked`.execute(
            tx.kysely,
          );
          if (result.rows[0]?.locked === true) break;
          if (Date.now() >= deadline) throw busyError();
          await sleep(POLL_MS);
        }
        return fn(tx);
      });
    }
    const raw = db.sqlite;
    if (raw === null) throw new Error('a store is SQLite or PostgreSQL');
    return await db.kysely.connection().execute(async (connection) => {
      raw.pragma('busy_timeout = 0');
      try {
        for (;;) {
          try {
            raw.exec('BEGIN IMMEDIATE');
            break;
          } catch (error) {
            if (!isSqliteBusy(error)) throw error;
            if (Date.now() >= deadline) throw busyError();
            await sleep(POLL_MS);
          }
        }
      } finally {
        raw.pragma(`busy_timeout = ${busyTimeoutMs}`);
      }
      try {
        const result = await fn({
          kysely: connection,
          dialect: 'sqlite',
          sqlite: raw,
          inTransaction: true,
        });
        raw.exec('COMMIT');
        return result;
      } catch (error) {
        if (raw.inTransaction) raw.exec('ROLLBACK');
        throw error;
      }
    });
  } finally {
    release();
  }
}
