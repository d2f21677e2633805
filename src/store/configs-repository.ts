/**
 * Sync configurations (SPEC §2): create, read, list with each one's last run, edit, pause,
 * resume, delete. Deleting removes the configuration's runs (and their staged rows), baseline and
 * remembered decisions through ON DELETE CASCADE — never a user.
 */
import { newId } from './new-id.js';
import { sql } from 'kysely';
import { SyncConfigSchema, type SyncConfig } from '../engine/config.js';
import { appendAudit, type Actor } from './audit-log-repository.js';
import { toRunRecord, type RunRecord } from './run-record.js';
import { runInTransaction } from './run-in-transaction.js';
import type { RunsTable, SyncConfigsTable } from './schema.js';
import { nowText, parseJson, type Db } from './store-db.js';
import { StoreError } from './store-error.js';

/** A configuration is active, or paused (then it can be neither previewed nor run). */
export type ConfigStatus = 'active' | 'paused';

/** A stored configuration. */
export interface ConfigRecord {
  readonly id: string;
  /** The configuration's name (also `config.name`). */
  readonly name: string;
  readonly status: ConfigStatus;
  /** The parsed document. */
  readonly config: SyncConfig;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A configuration with its most recent run, for lists. */
export interface ConfigWithLastRun extends ConfigRecord {
  readonly lastRun: RunRecord | null;
}

const nameKey = (name: string) => name.trim().toLowerCase();

function toConfigRecord(row: SyncConfigsTable): ConfigRecord {
  return {
    id: row.id,
    name: row.name,
    status: row.status === 'paused' ? 'paused' : 'active',
    config: SyncConfigSchema.parse(parseJson(row.document)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function assertNameFree(db: Db, name: string, but = ''): Promise<void> {
  const taken = await db.kysely
    .selectFrom('sync_configs')
    .select('id')
    .where('name_key', '=', nameKey(name))
    .where('id', '<>', but)
    .executeTakeFirst();
  if (taken !== undefined) {
    throw new StoreError('name-taken', `a configuration named "${name}" already exists`);
  }
}

/** Creates a configuration; refuses a name already taken (compared case-insensitively). */
export async function createConfig(
  db: Db,
  config: SyncConfig,
  actor: Actor,
): Promise<ConfigRecord> {
  return runInTransaction(db, async (tx) => {
    await assertNameFree(tx, config.name);
    const now = nowText();
    const row: SyncConfigsTable = {
      id: newId(),
      name: config.name,
      name_key: nameKey(config.name),
      status: 'active',
      document: JSON.stringify(config),
      baseline_run_id: null,
      created_at: now,
      updated_at: now,
    };
    await tx.kysely.insertInto('sync_configs').values(row).execute();
    await appendAudit(tx, [{ actor, action: 'config.create', configId: row.id }], now);
    return toConfigRecord(row);
  });
}

/** The configuration, or null. */
export async function getConfig(db: Db, id: string): Promise<ConfigRecord | null> {
  const row = await db.kysely
    .selectFrom('sync_configs')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? null : toConfigRecord(row);
}

/** The configuration with this name (case-insensitive), or null. */
export async function getConfigByName(db: Db, name: string): Promise<ConfigRecord | null> {
  const row = await db.kysely
    .selectFrom('sync_configs')
    .selectAll()
    .where('name_key', '=', nameKey(name))
    .executeTakeFirst();
  return row === undefined ? null : toConfigRecord(row);
}

/** Every configuration by name, each with its most recent run. */
export async function listConfigs(db: Db): Promise<ConfigWithLastRun[]> {
  const configs = await db.kysely
    .selectFrom('sync_configs')
    .selectAll()
    .orderBy('name_key')
    .execute();
  const latest = await sql<RunsTable>`
    select * from (
      select r.*, row_number() over (partition by config_id order by created_at desc, id desc) as rn
      from runs r
    ) ranked where rn = 1`.execute(db.kysely);
  const lastRun = new Map(latest.rows.map((row) => [row.config_id, toRunRecord(row)]));
  return configs.map((row) => ({ ...toConfigRecord(row), lastRun: lastRun.get(row.id) ?? null }));
}

/** Replaces a configuration's document (and name); refuses a name taken by another one. */
export async function updateConfig(
  db: Db,
  id: string,
  config: SyncConfig,
  actor: Actor,
): Promise<ConfigRecord> {
  return runInTransaction(db, async (tx) => {
    await assertNameFree(tx, config.name, id);
    const now = nowText();
    const result = await tx.kysely
      .updateTable('sync_configs')
      .set({
        name: config.name,
        name_key: nameKey(config.name),
        document: JSON.stringify(config),
        updated_at: now,
      })
      .where('id', '=', id)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new StoreError('not-found', 'no such configuration');
    await appendAudit(tx, [{ actor, action: 'config.update', configId: id }], now);
    const updated = await getConfig(tx, id);
    if (updated === null) throw new StoreError('not-found', 'no such configuration');
    return updated;
  });
}

/** Pauses or resumes a configuration. */
export async function setConfigStatus(
  db: Db,
  id: string,
  status: ConfigStatus,
  actor: Actor,
): Promise<ConfigRecord> {
  return runInTransaction(db, async (tx) => {
    const now = nowText();
    const result = await tx.kysely
      .updateTable('sync_configs')
      .set({ status, updated_at: now })
      .where('id', '=', id)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new StoreError('not-found', 'no such configuration');
    const action = status === 'paused' ? 'config.pause' : 'config.resume';
    await appendAudit(tx, [{ actor, action, configId: id }], now);
    const updated = await getConfig(tx, id);
    if (updated === null) throw new StoreError('not-found', 'no such configuration');
    return updated;
  });
}

/**
 * Deletes a configuration with its runs, staged rows, baseline and remembered decisions; users
 * stay (those it created keep existing, no longer linked to it). Refuses with
 * `config-applying` while one of its runs is applying.
 */
export async function deleteConfig(db: Db, id: string, actor: Actor): Promise<void> {
  await runInTransaction(db, async (tx) => {
    const config = await getConfig(tx, id);
    if (config === null) throw new StoreError('not-found', 'no such configuration');
    const applying = await tx.kysely
      .selectFrom('runs')
      .select('id')
      .where('config_id', '=', id)
      .where('status', '=', 'applying')
      .executeTakeFirst();
    if (applying !== undefined) {
      throw new StoreError(
        'config-applying',
        `"${config.name}" has a run being applied; delete it when the run has finished`,
      );
    }
    // Staged rows first: on PostgreSQL they no longer follow their run by a foreign key (0004).
    await tx.kysely
      .deleteFrom('run_rows')
      .where('run_id', 'in', tx.kysely.selectFrom('runs').select('id').where('config_id', '=', id))
      .execute();
    await tx.kysely.deleteFrom('sync_configs').where('id', '=', id).execute();
    await appendAudit(tx, [
      { actor, action: 'config.delete', configId: id, details: { name: config.name } },
    ]);
  });
}
