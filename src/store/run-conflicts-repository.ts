/**
 * The Ask-at-runtime conflicts of a run's current plan (SPEC §4.4), staged beside its rows so
 * the preview can list them side by side and page through them.
 */
import type { FieldName } from '../engine/fields.js';
import type { Conflict } from '../engine/plan.js';
import { insertRows, integerColumn, textColumn, type BulkTable } from './insert-rows.js';
import { toCount, type Db } from './store-db.js';

const RUN_CONFLICTS_TABLE: BulkTable = {
  table: 'run_conflicts',
  columns: [
    textColumn('run_id'),
    integerColumn('seq'),
    integerColumn('row_number'),
    textColumn('user_name'),
    textColumn('field'),
    textColumn('current_value'),
    textColumn('incoming_value'),
    textColumn('choice'),
    textColumn('decided_by'),
  ],
};

/** Replaces the run's staged conflicts with the plan's. */
export async function replaceConflicts(
  db: Db,
  runId: string,
  conflicts: readonly Conflict[],
): Promise<void> {
  await db.kysely.deleteFrom('run_conflicts').where('run_id', '=', runId).execute();
  await insertRows(
    db,
    RUN_CONFLICTS_TABLE,
    conflicts.map((conflict, seq) => [
      runId,
      seq,
      conflict.row,
      conflict.userName,
      conflict.field,
      conflict.current,
      conflict.incoming,
      conflict.choice,
      conflict.decidedBy,
    ]),
  );
}

/** A page of the run's conflicts in plan order (optionally only the open ones), and the total. */
export async function listConflicts(
  db: Db,
  runId: string,
  filter: { openOnly?: boolean; field?: FieldName; limit?: number; offset?: number } = {},
): Promise<{ conflicts: Conflict[]; total: number }> {
  let query = db.kysely.selectFrom('run_conflicts').where('run_id', '=', runId);
  if (filter.openOnly === true) query = query.where('choice', 'is', null);
  if (filter.field !== undefined) query = query.where('field', '=', filter.field);
  const counted = await query.select((eb) => eb.fn.countAll().as('total')).executeTakeFirst();
  const rows = await query
    .selectAll()
    .orderBy('seq')
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0)
    .execute();
  return {
    total: toCount(counted?.total),
    conflicts: rows.map((row) => ({
      row: toCount(row.row_number),
      userName: row.user_name,
      field: row.field as FieldName,
      current: row.current_value,
      incoming: row.incoming_value,
      choice: row.choice === 'source' || row.choice === 'destination' ? row.choice : null,
      decidedBy:
        row.decided_by === 'one' || row.decided_by === 'field' || row.decided_by === 'remembered'
          ? row.decided_by
          : null,
    })),
  };
}

/** How many conflicts a field has in a run, and how many still wait for a decision. */
export interface FieldConflictCount {
  readonly field: FieldName;
  readonly total: number;
  readonly open: number;
}

/** Every field with conflicts in the run, in field-name order, with its counts. */
export async function countConflictsByField(db: Db, runId: string): Promise<FieldConflictCount[]> {
  const rows = await db.kysely
    .selectFrom('run_conflicts')
    .where('run_id', '=', runId)
    .select((eb) => [
      'field',
      eb.fn.countAll().as('total'),
      eb.fn.count('seq').filterWhere('choice', 'is', null).as('open'),
    ])
    .groupBy('field')
    .orderBy('field')
    .execute();
  return rows.map((row) => ({
    field: row.field as FieldName,
    total: toCount(row.total),
    open: toCount(row.open),
  }));
}
