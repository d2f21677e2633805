/**
 * Migration 0003 (issue 4): `run_rows_class` indexes only the rows that are not `skipped`.
 *
 * Every staged row paid for an entry in the class index, yet the index serves the preview's
 * class filters (new, updated, deactivated, error), whose rows are the few: in a routine sync
 * most rows are unchanged (`skipped`). Rows of the skipped class are found through the primary
 * key (run_id, seq) instead, which already gives them in plan order. Queries that want the index
 * state `class <> 'skipped'` (see listStagedRows), since neither database infers it from an
 * IN list. Staged runs are unaffected: this changes an index, not the rows.
 */
import { sql, type Kysely, type Migration } from 'kysely';

/** The migration. */
export function runRowsPartialClassIndex(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.dropIndex('run_rows_class').execute();
      await db.schema
        .createIndex('run_rows_class')
        .on('run_rows')
        .columns(['run_id', 'class', 'seq'])
        .where(sql.ref('class'), '<>', 'skipped')
        .execute();
    },
  };
}
