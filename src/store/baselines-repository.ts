/**
 * Baselines (SPEC §4.5): the userNames of a configuration's most recent applied run. Kept as
 * rows (config, position, key, userName); `sync_configs.baseline_run_id` tells "no baseline
 * yet" (null) from "an empty one".
 */
import { identityKey } from '../engine/normalise.js';
import { insertMapped, integerColumn, textColumn, type BulkTable } from './insert-rows.js';
import { runInTransaction } from './run-in-transaction.js';
import { withRawSqlite, type Db } from './store-db.js';

const BASELINE_TABLE: BulkTable = {
  table: 'baselines',
  columns: [
    textColumn('config_id'),
    integerColumn('position'),
    textColumn('user_name_key'),
    textColumn('user_name'),
  ],
};

/** The configuration's baseline in its order, or null before its first applied run. */
export async function getBaseline(db: Db, configId: string): Promise<string[] | null> {
  const config = await db.kysely
    .selectFrom('sync_configs')
    .select('baseline_run_id')
    .where('id', '=', configId)
    .executeTakeFirst();
  if (config?.baseline_run_id == null) return null;
  // SQLite: plucked as strings, without an object per row (100k of them for every preview).
  const plucked = await withRawSqlite(db, (raw) =>
    raw
      .prepare('select user_name from baselines where config_id = ? order by position')
      .pluck()
      .all(configId),
  );
  if (plucked !== null) return plucked as string[];
  const rows = await db.kysely
    .selectFrom('baselines')
    .select('user_name')
    .where('config_id', '=', configId)
    .orderBy('position')
    .execute();
  return rows.map((row) => row.user_name);
}

/**
 * Replaces the configuration's baseline with `userNames` (duplicates by identity key keep the
 * first), recording `runId` as the run it comes from.
 */
export async function replaceBaseline(
  db: Db,
  configId: string,
  runId: string,
  userNames: readonly string[],
): Promise<void> {
  await runInTransaction(db, async (tx) => {
    await tx.kysely.deleteFrom('baselines').where('config_id', '=', configId).execute();
    const seen = new Set<string>();
    const kept: string[] = [];
    for (const userName of userNames) {
      const key = identityKey(userName);
      if (key === '' || seen.has(key)) continue;
      seen.add(key);
      kept.push(userName);
    }
    // Each row is made as it is written: a baseline of 1M users made as rows first held
    // ~120 MiB more at the end of an apply (measured), its largest moment.
    await insertMapped(tx, BASELINE_TABLE, kept, (userName, position) => [
      configId,
      position,
      identityKey(userName),
      userName,
    ]);
    await tx.kysely
      .updateTable('sync_configs')
      .set({ baseline_run_id: runId })
      .where('id', '=', configId)
      .execute();
  });
}
