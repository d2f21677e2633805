/**
 * SQLite: short multi-statement writes run synchronously on the raw connection in one
 * `BEGIN IMMEDIATE` transaction. Nothing else of this process can run in between, so a second
 * connection of the same process (another store, as in the tests' "two processes") never waits
 * on a write lock held across an `await` (its busy wait would block the very event loop that has
 * to finish that transaction).
 */
import type { CompiledQuery } from 'kysely';
import { withRawSqlite, type Db } from './store-db.js';

/** Runs the statements atomically on SQLite; returns false (doing nothing) on PostgreSQL. */
export async function runSqliteAtomically(
  db: Db,
  queries: readonly CompiledQuery[],
): Promise<boolean> {
  const done = await withRawSqlite(db, (raw) => {
    const statements = queries.map((query) => ({
      statement: raw.prepare(query.sql),
      parameters: [...query.parameters],
    }));
    raw
      .transaction(() => {
        for (const { statement, parameters } of statements) statement.run(...parameters);
      })
      .immediate();
    return true;
  });
  return done === true;
}
