/**
 * A run as stored (SPEC §5 history): its status, who ran which file, and the previewed plan's
 * totals. Rows, conflicts and decisions are staged in their own tables.
 */
import type { FieldName } from '../engine/fields.js';
import type { ClassCounts, Plan, SafeguardVerdict, SeatProjection } from '../engine/plan.js';
import type { Actor } from './audit-log-repository.js';
import type { RunsTable } from './schema.js';
import { parseJson, toCount } from './store-db.js';

/** previewed → applying → applied | failed; previewed → cancelled. */
export type RunStatus = 'previewed' | 'applying' | 'applied' | 'failed' | 'cancelled';

const RUN_STATUSES: readonly string[] = [
  'previewed',
  'applying',
  'applied',
  'failed',
  'cancelled',
] satisfies RunStatus[];

/** The previewed plan's totals, kept on the run for history and for the staleness check. */
export interface RunPlanSummary {
  readonly counts: ClassCounts;
  /** Ask-at-runtime conflicts still open. */
  readonly openConflicts: number;
  readonly seats: SeatProjection;
  readonly safeguard: SafeguardVerdict;
  /** The plan's fingerprint (what applying compares against a fresh plan). */
  readonly fingerprint: string;
}

/** The summary of a plan, as `createRun` and `updateRunPlan` store it. */
export function summarisePlanForRun(plan: Plan): RunPlanSummary {
  return {
    counts: plan.counts,
    openConflicts: plan.conflicts.filter((conflict) => conflict.choice === null).length,
    seats: plan.seats,
    safeguard: plan.safeguard,
    fingerprint: plan.fingerprint,
  };
}

/** A stored run. */
export interface RunRecord extends RunPlanSummary {
  readonly id: string;
  readonly configId: string;
  readonly status: RunStatus;
  /** Who previewed (and later applied) the run. */
  readonly actor: Actor;
  readonly fileName: string;
  /** Bytes. */
  readonly fileSize: number;
  /** Hex SHA-256 of the uploaded file. */
  readonly fileSha256: string;
  /** The fields whose columns the file has (re-planning needs them). */
  readonly columns: readonly FieldName[];
  /** Header cells that matched no field. */
  readonly ignoredColumns: readonly string[];
  /** Welcome e-mails queued when the run was applied. */
  readonly emailsQueued: number;
  /** The run's welcome e-mail toggle; null follows the configuration. */
  readonly sendWelcomeEmail: boolean | null;
  /** The administrator overrode the deactivation safeguard for this run. */
  readonly overrideSafeguard: boolean;
  /** Why the run failed, when it did. */
  readonly errorMessage: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly appliedAt: string | null;
  readonly finishedAt: string | null;
}

function parseRunStatus(value: string): RunStatus {
  if (RUN_STATUSES.includes(value)) return value as RunStatus;
  throw new Error(`unexpected run status in the database: ${value}`);
}

/** Maps a `runs` row. */
export function toRunRecord(row: RunsTable): RunRecord {
  return {
    id: row.id,
    configId: row.config_id,
    status: parseRunStatus(row.status),
    actor: { id: row.actor_id, name: row.actor_name },
    fileName: row.file_name,
    fileSize: toCount(row.file_size),
    fileSha256: row.file_sha256,
    columns: parseJson(row.columns) as FieldName[],
    ignoredColumns: parseJson(row.ignored_columns) as string[],
    counts: {
      new: toCount(row.count_new),
      updated: toCount(row.count_updated),
      deactivated: toCount(row.count_deactivated),
      skipped: toCount(row.count_skipped),
      error: toCount(row.count_error),
    },
    openConflicts: toCount(row.open_conflicts),
    emailsQueued: toCount(row.emails_queued),
    seats: parseJson(row.seats) as SeatProjection,
    safeguard: parseJson(row.safeguard) as SafeguardVerdict,
    fingerprint: row.fingerprint,
    sendWelcomeEmail: row.send_welcome_email === null ? null : row.send_welcome_email === 1,
    overrideSafeguard: row.override_safeguard === 1,
    errorMessage: row.error_message,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    appliedAt: row.applied_at,
    finishedAt: row.finished_at,
  };
}

/** The columns of a plan summary. */
export function summaryColumns(summary: RunPlanSummary) {
  return {
    count_new: summary.counts.new,
    count_updated: summary.counts.updated,
    count_deactivated: summary.counts.deactivated,
    count_skipped: summary.counts.skipped,
    count_error: summary.counts.error,
    open_conflicts: summary.openConflicts,
    seats: JSON.stringify(summary.seats),
    safeguard: JSON.stringify(summary.safeguard),
    fingerprint: summary.fingerprint,
  };
}
