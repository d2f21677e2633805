/**
 * Decisions remembered on a configuration (SPEC §4.4), keyed by (userName, field): they decide
 * the same conflict automatically in later runs until removed.
 */
import type { FieldName } from '../engine/fields.js';
import { identityKey } from '../engine/normalise.js';
import type { RememberedDecision } from '../engine/plan.js';
import { nowText, type Db } from './store-db.js';

/** The configuration's remembered decisions, by userName then field. */
export async function listRememberedDecisions(
  db: Db,
  configId: string,
): Promise<RememberedDecision[]> {
  const rows = await db.kysely
    .selectFrom('remembered_decisions')
    .select(['user_name', 'field', 'choice'])
    .where('config_id', '=', configId)
    .orderBy('user_name_key')
    .orderBy('field')
    .execute();
  return rows.map((row) => ({
    userName: row.user_name,
    field: row.field as FieldName,
    choice: row.choice === 'source' ? 'source' : 'destination',
  }));
}

/** Remembers decisions (replacing any for the same userName and field). */
export async function addRememberedDecisions(
  db: Db,
  configId: string,
  decisions: readonly RememberedDecision[],
): Promise<void> {
  const now = nowText();
  for (const decision of decisions) {
    await db.kysely
      .insertInto('remembered_decisions')
      .values({
        config_id: configId,
        user_name_key: identityKey(decision.userName),
        user_name: decision.userName,
        field: decision.field,
        choice: decision.choice,
        created_at: now,
      })
      .onConflict((conflict) =>
        conflict
          .columns(['config_id', 'user_name_key', 'field'])
          .doUpdateSet({ choice: decision.choice, user_name: decision.userName, created_at: now }),
      )
      .execute();
  }
}

/** Forgets one remembered decision; returns whether there was one. */
export async function removeRememberedDecision(
  db: Db,
  configId: string,
  userName: string,
  field: FieldName,
): Promise<boolean> {
  const result = await db.kysely
    .deleteFrom('remembered_decisions')
    .where('config_id', '=', configId)
    .where('user_name_key', '=', identityKey(userName))
    .where('field', '=', field)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
