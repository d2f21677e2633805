/**
 * Ordinary write transactions, on the same single connection discipline as the apply lock.
 */
import { runPostgresTransaction } from './pg-transaction.js';
import type { Db } from './store-db.js';

/**
 * Runs `fn` in an ordinary write transaction (no apply lock). On SQLite it too begins with
 * `BEGIN IMMEDIATE`, so a write never fails half-way for want of the write lock.
 */
export async function runInTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  if (db.inTransaction) return fn(db);
  if (db.postgres !== undefined) return runPostgresTransaction(db.postgres.pool, fn);
  const raw = db.sqlite;
  if (raw === null) throw new Error('a store is SQLite or PostgreSQL');
  return db.kysely.connection().execute(async (connection) => {
    raw.exec('BEGIN IMMEDIATE');
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
}
