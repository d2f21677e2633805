/**
 * The plan's totals (SPEC §4.6): counts per class, seats, the deactivation safeguard, the
 * welcome e-mail recipients, what blocks applying, and the fingerprint.
 */
import type { DirectoryIndex } from './directory-index.js';
import { Fingerprint } from './fingerprint.js';
import type { PlanInput } from './plan-input.js';
import type { RemovedUsers } from './plan-removed-users.js';
import type { PlanState } from './plan-state.js';
import type {
  ApplyBlocker,
  ClassCounts,
  Plan,
  RowOutcome,
  SafeguardVerdict,
  SeatProjection,
} from './plan.js';

function countClasses(outcomes: readonly RowOutcome[]): ClassCounts {
  const counts = { new: 0, updated: 0, deactivated: 0, skipped: 0, error: 0 };
  for (const outcome of outcomes) counts[outcome.class] += 1;
  return counts;
}

function safeguardFor(input: PlanInput, deactivations: number): SafeguardVerdict {
  const rule = input.config.deactivationLimit;
  const baselineSize = input.baseline?.length ?? 0;
  const limit =
    rule === null
      ? null
      : 'count' in rule
        ? rule.count
        : Math.floor((baselineSize * rule.percent) / 100);
  const exceeded = limit !== null && deactivations > limit;
  return { deactivations, limit, exceeded, overridden: exceeded && input.overrideSafeguard };
}

const PIPE = 0x7c;

/** The plan's fingerprint: every outcome's class and changes, in order. */
export function fingerprintOutcomes(outcomes: readonly RowOutcome[]): string {
  // Each entry is hashed piece by piece, the same characters as the template strings
  // `${row ?? '-'}|${userId ?? ''}|${userName}|${class}|${openConflicts}`,
  // `${field}=${from}>${to}` and `!${code}:${field ?? ''}`, so the digest is the same without
  // building (and dropping) a string per outcome, change and error.
  const digest = new Fingerprint();
  for (const outcome of outcomes) {
    if (outcome.row === null) digest.code(0x2d);
    else digest.int(outcome.row);
    digest
      .code(PIPE)
      .text(outcome.userId ?? '')
      .code(PIPE)
      .text(outcome.userName)
      .code(PIPE)
      .text(outcome.class)
      .code(PIPE)
      .int(outcome.openConflicts)
      .end();
    for (const change of outcome.changes) {
      digest.text(change.field).code(0x3d).text(change.from).code(0x3e).text(change.to).end();
    }
    for (const error of outcome.errors) {
      digest
        .code(0x21)
        .text(error.code)
        .code(0x3a)
        .text(error.field ?? '')
        .end();
    }
  }
  return digest.digest();
}

/** Completes a plan from the row loop's state. */
export function summarisePlan(
  input: PlanInput,
  index: DirectoryIndex,
  state: PlanState,
  removed: RemovedUsers,
): Plan {
  const limit = input.settings.seatLimit;
  const after = index.activeCount + state.activated - state.deactivated;
  const seats: SeatProjection = {
    active: index.activeCount,
    after,
    limit,
    exceeded: limit !== null && after > limit && after > index.activeCount,
  };
  const safeguard = safeguardFor(input, removed.deactivations);
  const openConflicts = state.conflicts.filter((conflict) => conflict.choice === null).length;
  const blockers: ApplyBlocker[] = [];
  if (openConflicts > 0) blockers.push({ kind: 'open-conflicts', count: openConflicts });
  if (seats.exceeded && limit !== null) blockers.push({ kind: 'seat-limit', after, limit });
  if (safeguard.exceeded && !safeguard.overridden && safeguard.limit !== null) {
    blockers.push({
      kind: 'safeguard',
      deactivations: safeguard.deactivations,
      limit: safeguard.limit,
    });
  }
  const welcomeRecipients: string[] = [];
  for (const change of state.changes) {
    if (change.kind === 'create' && change.sendWelcome)
      welcomeRecipients.push(change.fields.userName);
  }
  return {
    outcomes: state.outcomes,
    counts: countClasses(state.outcomes),
    conflicts: state.conflicts,
    changes: state.changes,
    seats,
    safeguard,
    sendWelcomeEmail: input.sendWelcomeEmail ?? input.config.sendWelcomeEmail,
    welcomeRecipients,
    baseline: removed.baseline,
    blockers,
    fingerprint: fingerprintOutcomes(state.outcomes),
  };
}
