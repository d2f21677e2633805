/**
 * Migration 0005 (issue 4): a run's file rows as read are staged in chunks, `run_sources`,
 * instead of one text on each staged row (`run_rows.source`).
 *
 * Why: SQLite spent as long inserting the row's text as the rest of its staged row, and a
 * preview stages every row of the file: a chunk of 64 rows is one insert whose text goes to
 * overflow pages (staged-source.ts). Measured on a 100k-row preview: see docs/database.md.
 *
 * Runs staged before keep their `run_rows.source` and still read back (`readStagedSource`
 * reads both; a run has one kind or the other); new stagings leave the column null. The key
 * to `runs` cascades on both databases: a chunk is one row per 64 staged rows, so its check
 * costs nothing measurable, unlike `run_rows`'s on PostgreSQL (0004).
 */
import type { Kysely, Migration } from 'kysely';

/** The migration. */
export function runSources(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('run_sources')
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('first_seq', 'integer', (c) => c.notNull())
        .addColumn('rows', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('run_sources_pk', ['run_id', 'first_seq'])
        .execute();
    },
  };
}
