/**
 * Runs: create a previewed run, move it through its statuses, read it, list a configuration's
 * history, and at start-up fail the runs a killed process left applying.
 */
import { newId } from './new-id.js';
import type { FieldName } from '../engine/fields.js';
import type { Actor } from './audit-log-repository.js';
import {
  summaryColumns,
  toRunRecord,
  type RunPlanSummary,
  type RunRecord,
  type RunStatus,
} from './run-record.js';
import { nowText, toCount, type Db } from './store-db.js';
import { StoreError } from './store-error.js';

export type { RunPlanSummary, RunRecord, RunStatus } from './run-record.js';
export { summarisePlanForRun } from './run-record.js';

/** What a new (previewed) run records. */
export interface NewRun {
  readonly configId: string;
  readonly actor: Actor;
  readonly file: { readonly name: string; readonly size: number; readonly sha256: string };
  readonly columns: readonly FieldName[];
  readonly ignoredColumns: readonly string[];
  readonly summary: RunPlanSummary;
  /** The run's welcome e-mail toggle; null follows the configuration. */
  readonly sendWelcomeEmail: boolean | null;
  readonly overrideSafeguard: boolean;
}

const flag = (value: boolean | null) => (value === null ? null : value ? 1 : 0);

/** Creates a run in status `previewed`. */
export async function createRun(db: Db, input: NewRun): Promise<RunRecord> {
  const now = nowText();
  const row = {
    id: newId(),
    config_id: input.configId,
    status: 'previewed',
    actor_id: input.actor.id,
    actor_name: input.actor.name,
    file_name: input.file.name,
    file_size: input.file.size,
    file_sha256: input.file.sha256,
    columns: JSON.stringify(input.columns),
    ignored_columns: JSON.stringify(input.ignoredColumns),
    ...summaryColumns(input.summary),
    emails_queued: 0,
    send_welcome_email: flag(input.sendWelcomeEmail),
    override_safeguard: input.overrideSafeguard ? 1 : 0,
    error_message: null,
    created_at: now,
    updated_at: now,
    applied_at: null,
    finished_at: null,
  };
  await db.kysely.insertInto('runs').values(row).execute();
  return toRunRecord(row);
}

/** The run, or null. */
export async function getRun(db: Db, runId: string): Promise<RunRecord | null> {
  const row = await db.kysely
    .selectFrom('runs')
    .selectAll()
    .where('id', '=', runId)
    .executeTakeFirst();
  return row === undefined ? null : toRunRecord(row);
}

/**
 * Stores a new plan summary for a previewed run (after decisions), and optionally the run's
 * toggles. Refuses (`run-state`) unless the run is `previewed`.
 */
export async function updateRunPlan(
  db: Db,
  runId: string,
  summary: RunPlanSummary,
  toggles: { sendWelcomeEmail?: boolean | null; overrideSafeguard?: boolean } = {},
): Promise<void> {
  const result = await db.kysely
    .updateTable('runs')
    .set({
      ...summaryColumns(summary),
      ...(toggles.sendWelcomeEmail === undefined
        ? {}
        : { send_welcome_email: flag(toggles.sendWelcomeEmail) }),
      ...(toggles.overrideSafeguard === undefined
        ? {}
        : { override_safeguard: toggles.overrideSafeguard ? 1 : 0 }),
      updated_at: nowText(),
    })
    .where('id', '=', runId)
    .where('status', '=', 'previewed')
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) {
    throw new StoreError('run-state', 'only a previewed run can be changed');
  }
}

/**
 * Moves a run to `status` if it is in one of `from`; refuses with `run-state` otherwise.
 * `applied` sets applied_at and finished_at; `failed` and `cancelled` set finished_at.
 */
export async function setRunStatus(
  db: Db,
  runId: string,
  status: RunStatus,
  from: readonly RunStatus[],
  details: { errorMessage?: string | null; emailsQueued?: number } = {},
): Promise<void> {
  const now = nowText();
  const finished = status === 'applied' || status === 'failed' || status === 'cancelled';
  const result = await db.kysely
    .updateTable('runs')
    .set({
      status,
      updated_at: now,
      ...(status === 'applied' ? { applied_at: now } : {}),
      ...(finished ? { finished_at: now } : {}),
      ...(details.errorMessage === undefined ? {} : { error_message: details.errorMessage }),
      ...(details.emailsQueued === undefined ? {} : { emails_queued: details.emailsQueued }),
    })
    .where('id', '=', runId)
    .where('status', 'in', from)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) {
    const run = await getRun(db, runId);
    if (run === null) throw new StoreError('not-found', 'no such run');
    throw new StoreError('run-state', `the run is ${run.status}; it cannot become ${status}`);
  }
}

/** A configuration's runs, newest first. */
export async function listRunsByConfig(
  db: Db,
  configId: string,
  page: { limit?: number; offset?: number } = {},
): Promise<RunRecord[]> {
  const rows = await db.kysely
    .selectFrom('runs')
    .selectAll()
    .where('config_id', '=', configId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit ?? 50)
    .offset(page.offset ?? 0)
    .execute();
  return rows.map(toRunRecord);
}

/** How many runs a configuration has, for paging its history. */
export async function countRunsByConfig(db: Db, configId: string): Promise<number> {
  const row = await db.kysely
    .selectFrom('runs')
    .select((eb) => eb.fn.countAll().as('total'))
    .where('config_id', '=', configId)
    .executeTakeFirst();
  return toCount(row?.total);
}

/**
 * At start-up: runs left `applying` by a process that died become `failed` (their transaction
 * was rolled back by the database, so the directory is as before). Returns how many.
 */
export async function markInterruptedRunsFailed(
  db: Db,
  message = 'interrupted: the process stopped while applying; nothing was changed — preview again',
): Promise<number> {
  const now = nowText();
  const result = await db.kysely
    .updateTable('runs')
    .set({ status: 'failed', error_message: message, updated_at: now, finished_at: now })
    .where('status', '=', 'applying')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
