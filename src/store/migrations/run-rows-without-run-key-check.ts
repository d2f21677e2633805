/**
 * Migration 0004 (issue 4), PostgreSQL only: `run_rows.run_id` is no longer a foreign key.
 *
 * PostgreSQL checks a foreign key one inserted row at a time, each check a query that locks the
 * referenced row: staging a 100k-row preview spent 0.67 s of its 1.23 s on the server in those
 * checks (measured, PostgreSQL 15), all of them against the run created a moment before in the
 * same transaction. The key bought one thing besides the check, deleting a run's staged rows
 * with the run; runs are deleted only with their configuration, and `deleteConfig` now deletes
 * their staged rows itself. Staged rows are written only by `stageOutcomes`, for a run created
 * in the same transaction.
 *
 * SQLite keeps the key: its check is an index lookup in the process and costs nothing measurable
 * (staging 100k rows: 0.60 s with or without it), and dropping it would mean rebuilding the table.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../store-db.js';

/** The migration. */
export function runRowsWithoutRunKeyCheck(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      await sql`alter table run_rows drop constraint if exists run_rows_run_id_fkey`.execute(db);
    },
  };
}
