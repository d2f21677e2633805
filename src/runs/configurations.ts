/**
 * Sync configurations (SPEC §2): create, read, edit, pause, resume, delete, and the remembered
 * conflict decisions saved on them.
 */
import { z } from 'zod';
import { SyncConfigSchema, type SyncConfig } from '../engine/config.js';
import { FIELD_NAMES, type FieldName } from '../engine/fields.js';
import type { RememberedDecision } from '../engine/plan.js';
import {
  createConfig,
  deleteConfig,
  getConfig,
  getConfigByName,
  listConfigs,
  setConfigStatus,
  updateConfig,
  type ConfigRecord,
} from '../store/configs-repository.js';
import {
  listRememberedDecisions,
  removeRememberedDecision,
} from '../store/remembered-decisions-repository.js';
import { appendAuditEntry } from '../store/audit-log-repository.js';
import { listRunsByConfig } from '../store/runs-repository.js';
import { AppError } from './app-error.js';
import { parseOrRefuse, translateRefusals } from './refusals.js';
import type { Actor, RunsContext } from './runs-context.js';
import { runViewOf, type RunView } from './run-view.js';

/** A configuration as the use cases present it. */
export interface ConfigView {
  readonly id: string;
  readonly name: string;
  /** A paused configuration can be neither previewed nor run. */
  readonly status: 'active' | 'paused';
  /** The document, every default filled in. */
  readonly config: SyncConfig;
  /** Conflict decisions saved on the configuration, applied automatically in later runs. */
  readonly remembered: readonly RememberedDecision[];
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The most recent run, or null before the first. */
  readonly lastRun: RunView | null;
}

/**
 * Parses a configuration document, refusing it with every problem named by its path
 * (e.g. "conflicts.fields.email: force-value is not allowed for email").
 */
export function parseConfigDocument(document: unknown): SyncConfig {
  return parseOrRefuse(SyncConfigSchema, document, 'the configuration');
}

/** The configuration with this id or (case-insensitive) name; refuses when there is none. */
export async function findConfiguration(ctx: RunsContext, idOrName: string): Promise<ConfigRecord> {
  const record =
    (await getConfig(ctx.store.db, idOrName)) ?? (await getConfigByName(ctx.store.db, idOrName));
  if (record === null) {
    throw new AppError('not-found', `there is no configuration named "${idOrName}"`);
  }
  return record;
}

async function present(ctx: RunsContext, record: ConfigRecord): Promise<ConfigView> {
  const [remembered, [lastRun]] = await Promise.all([
    listRememberedDecisions(ctx.store.db, record.id),
    listRunsByConfig(ctx.store.db, record.id, { limit: 1 }),
  ]);
  return {
    ...record,
    remembered,
    lastRun: lastRun === undefined ? null : runViewOf(lastRun, record),
  };
}

/** Every configuration by name, each with its most recent run. */
export async function listConfigurations(ctx: RunsContext): Promise<ConfigView[]> {
  const configs = await listConfigs(ctx.store.db);
  return Promise.all(
    configs.map(async (record) => ({
      ...record,
      remembered: await listRememberedDecisions(ctx.store.db, record.id),
      lastRun: record.lastRun === null ? null : runViewOf(record.lastRun, record),
    })),
  );
}

/** One configuration with its remembered decisions and last run. */
export async function getConfiguration(ctx: RunsContext, idOrName: string): Promise<ConfigView> {
  return present(ctx, await findConfiguration(ctx, idOrName));
}

/** Saves a new configuration from its document (omitted keys take the defaults). */
export async function createConfiguration(
  ctx: RunsContext,
  document: unknown,
  actor: Actor,
): Promise<ConfigView> {
  const config = parseConfigDocument(document);
  const record = await translateRefusals(() => createConfig(ctx.store.db, config, actor));
  return present(ctx, record);
}

/** Replaces a configuration's document; its runs, baseline and remembered decisions stay. */
export async function updateConfiguration(
  ctx: RunsContext,
  idOrName: string,
  document: unknown,
  actor: Actor,
): Promise<ConfigView> {
  const current = await findConfiguration(ctx, idOrName);
  const config = parseConfigDocument(document);
  const record = await translateRefusals(() =>
    updateConfig(ctx.store.db, current.id, config, actor),
  );
  return present(ctx, record);
}

/** Pauses (no previews, no runs) or resumes a configuration. */
export async function setConfigurationPaused(
  ctx: RunsContext,
  idOrName: string,
  paused: boolean,
  actor: Actor,
): Promise<ConfigView> {
  const current = await findConfiguration(ctx, idOrName);
  const record = await translateRefusals(() =>
    setConfigStatus(ctx.store.db, current.id, paused ? 'paused' : 'active', actor),
  );
  return present(ctx, record);
}

/** Deletes a configuration and its run history; never a user. Refused while it is applying. */
export async function deleteConfiguration(
  ctx: RunsContext,
  idOrName: string,
  actor: Actor,
): Promise<void> {
  const current = await findConfiguration(ctx, idOrName);
  await translateRefusals(() => deleteConfig(ctx.store.db, current.id, actor));
}

const FieldNameSchema = z.enum(FIELD_NAMES);

/** Removes one remembered decision, so that conflict is asked again in later runs. */
export async function forgetRememberedDecision(
  ctx: RunsContext,
  idOrName: string,
  userName: string,
  field: string,
  actor: Actor,
): Promise<ConfigView> {
  const current = await findConfiguration(ctx, idOrName);
  const parsedField = FieldNameSchema.safeParse(field);
  if (!parsedField.success) {
    throw new AppError('invalid-input', `"${field}" is not a template field`);
  }
  const name: FieldName = parsedField.data;
  const removed = await removeRememberedDecision(ctx.store.db, current.id, userName, name);
  if (!removed) {
    throw new AppError(
      'not-found',
      `"${current.name}" has no remembered decision for ${userName}'s ${name}`,
    );
  }
  await appendAuditEntry(ctx.store.db, {
    actor,
    action: 'config.forget-decision',
    configId: current.id,
    field: name,
    details: { userName },
  });
  return present(ctx, current);
}
