/**
 * How `preview`, `run` and `results` show a run: a summary for a person, or the one JSON object
 * documented in docs/cli.md for scripts.
 */
import type { ClassCounts, Conflict, RowClass } from '../engine/plan.js';
import type { RowView } from '../runs/run-results.js';
import type { RunView } from '../runs/run-view.js';

/** "2 new, 1 updated, 0 deactivated, 3 skipped, 1 error". */
export function describeCounts(counts: ClassCounts): string {
  return `${counts.new} new, ${counts.updated} updated, ${counts.deactivated} deactivated, ${counts.skipped} skipped, ${counts.error} error${counts.error === 1 ? '' : 's'}`;
}

/** The JSON object of `preview`, `run` and `results --json`. */
export function runJson(run: RunView, conflicts: readonly Conflict[], rows: readonly RowView[]) {
  return {
    runId: run.id,
    status: run.status,
    counts: run.counts,
    ignoredColumns: run.ignoredColumns,
    seats: { active: run.seats.active, after: run.seats.after, limit: run.seats.limit },
    conflicts: conflicts.map(({ userName, field, current, incoming }) => ({
      userName,
      field,
      current,
      incoming,
    })),
    rows: rows.map((row) => ({
      row: row.row,
      userName: row.userName,
      class: row.class,
      reason: row.reason,
      changes: row.changes.map(({ field, from, to }) => ({ field, from, to })),
      errors: row.errors.map(({ field, code, message }) => ({ field, code, message })),
    })),
  };
}

const LABELS: Readonly<Record<RowClass, string>> = {
  new: 'New',
  updated: 'Updated',
  deactivated: 'Deactivated',
  skipped: 'Skipped',
  error: 'Error',
};

const shown = (value: string) => (value === '' ? '(blank)' : value);

function describeRow(row: RowView): string {
  const where = row.row === null ? 'not in file' : `row ${row.row}`;
  const lines = [`  ${LABELS[row.class].padEnd(11)} ${where.padEnd(12)} ${row.userName}`];
  if (row.reason !== null) lines.push(`      ${row.reason}`);
  for (const change of row.changes) {
    lines.push(`      ${change.field}: ${shown(change.from)} → ${shown(change.to)}`);
  }
  for (const error of row.errors) lines.push(`      ${error.field}: ${error.message}`);
  return lines.join('\n');
}

/** The summary and rows of a run for a person. */
export function runText(
  run: RunView,
  conflicts: readonly Conflict[],
  rows: readonly RowView[],
  totalRows: number,
): string {
  const lines = [
    `Run ${run.id} of "${run.configName}" — ${run.status}`,
    `File: ${run.fileName}`,
    `Rows: ${describeCounts(run.counts)}`,
  ];
  if (run.ignoredColumns.length > 0)
    lines.push(`Ignored columns: ${run.ignoredColumns.join(', ')}`);
  const limit = run.seats.limit === null ? 'no limit' : `limit ${run.seats.limit}`;
  lines.push(`Seats: ${run.seats.active} active now, ${run.seats.after} after the run (${limit})`);
  if (run.safeguard.limit !== null) {
    lines.push(
      `Safeguard: deactivates ${run.safeguard.deactivations} of at most ${run.safeguard.limit}${run.safeguard.overridden ? ' (overridden)' : ''}`,
    );
  }
  lines.push(`Welcome e-mails: ${run.sendWelcomeEmail ? 'on' : 'off'}`);
  if (run.status === 'applied') lines.push(`E-mails queued: ${run.emails.queued}`);
  if (run.errorMessage !== null) lines.push(`Failed: ${run.errorMessage}`);
  if (conflicts.length > 0) {
    lines.push(`Open conflicts (${conflicts.length}):`);
    for (const conflict of conflicts) {
      lines.push(
        `  ${conflict.userName} ${conflict.field}: now ${shown(conflict.current)}, file says ${shown(conflict.incoming)}`,
      );
    }
  }
  for (const blocker of run.blockers) lines.push(`Cannot apply: ${blocker.message}`);
  if (rows.length > 0) lines.push('', ...rows.map(describeRow));
  if (totalRows > rows.length) {
    lines.push(`  … and ${totalRows - rows.length} more (use --limit or --class to see them)`);
  }
  return `${lines.join('\n')}\n`;
}
