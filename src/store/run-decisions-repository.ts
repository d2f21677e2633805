/**
 * The decisions made in a run on its conflicts (SPEC §4.4): one by one or in bulk per field.
 * A later decision on the same conflict (or field) replaces the earlier one.
 */
import type { FieldName } from '../engine/fields.js';
import { identityKey } from '../engine/normalise.js';
import type { Decision } from '../engine/plan.js';
import { nowText, type Db } from './store-db.js';

/** A decision and whether it is to be remembered on the configuration. */
export interface RunDecision {
  readonly decision: Decision;
  /** Saved on the configuration when the run is applied (scope `one` only). */
  readonly remember: boolean;
}

/** Records decisions, replacing earlier ones on the same conflict or field. */
export async function addRunDecisions(
  db: Db,
  runId: string,
  decisions: readonly RunDecision[],
): Promise<void> {
  const now = nowText();
  for (const { decision, remember } of decisions) {
    const userName = decision.scope === 'one' ? decision.userName : '';
    const values = {
      run_id: runId,
      scope: decision.scope,
      user_name_key: identityKey(userName),
      user_name: userName,
      field: decision.field,
      choice: decision.choice,
      remember: remember && decision.scope === 'one' ? 1 : 0,
      created_at: now,
    };
    await db.kysely
      .insertInto('run_decisions')
      .values(values)
      .onConflict((conflict) =>
        conflict
          .columns(['run_id', 'scope', 'user_name_key', 'field'])
          .doUpdateSet({ choice: values.choice, remember: values.remember, created_at: now }),
      )
      .execute();
  }
}

/** The run's decisions, bulk ones first, in the order they were first made. */
export async function listRunDecisions(db: Db, runId: string): Promise<RunDecision[]> {
  const rows = await db.kysely
    .selectFrom('run_decisions')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('scope', 'desc')
    .orderBy('created_at')
    .orderBy('user_name_key')
    .orderBy('field')
    .execute();
  return rows.map((row) => {
    const field = row.field as FieldName;
    const choice = row.choice === 'source' ? 'source' : 'destination';
    const decision: Decision =
      row.scope === 'one'
        ? { scope: 'one', userName: row.user_name, field, choice }
        : { scope: 'field', field, choice };
    return { decision, remember: row.remember === 1 };
  });
}

/** Forgets the run's decisions (e.g. when a field's bulk decision is withdrawn). */
export async function clearRunDecisions(db: Db, runId: string): Promise<void> {
  await db.kysely.deleteFrom('run_decisions').where('run_id', '=', runId).execute();
}
