/**
 * How a run is presented to every entry point (API, command line, UI): its record, the
 * configuration's name, what still blocks applying it, and how its e-mails are doing.
 */
import type { ClassCounts, SafeguardVerdict, SeatProjection } from '../engine/plan.js';
import type { ConfigRecord } from '../store/configs-repository.js';
import type { OutboxCounts } from '../store/outbox-counts.js';
import type { RunRecord, RunStatus } from '../store/runs-repository.js';
import type { Actor } from './runs-context.js';

/** Why a run cannot be applied as it is, in words. */
export interface RunBlocker {
  readonly code: 'open-conflicts' | 'seat-limit' | 'safeguard' | 'config-paused';
  readonly message: string;
}

/** A run's welcome e-mails: how many the apply queued, and where they are now. */
export interface RunEmails extends OutboxCounts {
  readonly queued: number;
}

/** A run, as shown in previews, results and history. */
export interface RunView {
  readonly id: string;
  readonly configId: string;
  readonly configName: string;
  readonly status: RunStatus;
  readonly fileName: string;
  readonly fileSize: number;
  readonly fileSha256: string;
  /** Who previewed (and applied) the run. */
  readonly actor: Actor;
  readonly createdAt: string;
  readonly appliedAt: string | null;
  readonly finishedAt: string | null;
  readonly counts: ClassCounts;
  /** Ask-at-runtime conflicts still without a decision. */
  readonly openConflicts: number;
  /** Header cells that name no template column. */
  readonly ignoredColumns: readonly string[];
  readonly seats: SeatProjection;
  readonly safeguard: SafeguardVerdict;
  /** Whether welcome e-mails go out (the run's toggle, else the configuration's default). */
  readonly sendWelcomeEmail: boolean;
  readonly overrideSafeguard: boolean;
  /** Why applying must wait; empty when a previewed run may be applied. */
  readonly blockers: readonly RunBlocker[];
  readonly emails: RunEmails;
  /** Why the run failed, when it did. */
  readonly errorMessage: string | null;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** What keeps a previewed run from being applied, from its stored plan summary. */
export function runBlockers(run: RunRecord, config: ConfigRecord): RunBlocker[] {
  if (run.status !== 'previewed') return [];
  const blockers: RunBlocker[] = [];
  if (config.status === 'paused') {
    blockers.push({
      code: 'config-paused',
      message: `"${config.name}" is paused: resume it before running it`,
    });
  }
  if (run.openConflicts > 0) {
    blockers.push({
      code: 'open-conflicts',
      message: `${plural(run.openConflicts, 'conflict')} still ${run.openConflicts === 1 ? 'needs' : 'need'} a decision`,
    });
  }
  if (run.seats.exceeded && run.seats.limit !== null) {
    blockers.push({
      code: 'seat-limit',
      message: `the run would leave ${run.seats.after} active users, above the seat limit of ${run.seats.limit} (${run.seats.active} now)`,
    });
  }
  if (run.safeguard.exceeded && !run.safeguard.overridden && run.safeguard.limit !== null) {
    blockers.push({
      code: 'safeguard',
      message: `the run would deactivate ${plural(run.safeguard.deactivations, 'user')}, more than the safeguard allows (${run.safeguard.limit}); override it for this run to go ahead`,
    });
  }
  return blockers;
}

const NO_EMAILS: OutboxCounts = { sent: 0, failed: 0, held: 0, waiting: 0 };

/** Presents a stored run; `emails` are the run's outbox counts when they were read. */
export function runViewOf(
  run: RunRecord,
  config: ConfigRecord,
  emails: OutboxCounts = NO_EMAILS,
): RunView {
  return {
    id: run.id,
    configId: run.configId,
    configName: config.name,
    status: run.status,
    fileName: run.fileName,
    fileSize: run.fileSize,
    fileSha256: run.fileSha256,
    actor: run.actor,
    createdAt: run.createdAt,
    appliedAt: run.appliedAt,
    finishedAt: run.finishedAt,
    counts: run.counts,
    openConflicts: run.openConflicts,
    ignoredColumns: run.ignoredColumns,
    seats: run.seats,
    safeguard: run.safeguard,
    sendWelcomeEmail: run.sendWelcomeEmail ?? config.config.sendWelcomeEmail,
    overrideSafeguard: run.overrideSafeguard,
    blockers: runBlockers(run, config),
    emails: { queued: run.emailsQueued, ...emails },
    errorMessage: run.errorMessage,
  };
}
