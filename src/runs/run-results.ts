/**
 * Reading runs back (SPEC §5): a run with its counts and blockers, its rows paged and filtered
 * by class, its conflicts, a configuration's history, and the results workbook.
 */
import type { Writable } from 'node:stream';
import type { Conflict, RowClass, RowOutcome } from '../engine/plan.js';
import type { ResultRow } from '../spreadsheet/write/results-workbook-input.js';
import { writeResultsWorkbook } from '../spreadsheet/write/write-results.js';
import { countRunMessages } from '../store/outbox-counts.js';
import {
  countConflictsByField,
  listConflicts,
  type FieldConflictCount,
} from '../store/run-conflicts-repository.js';
import { listStagedRows, type StagedRowFilter } from '../store/run-rows-repository.js';
import { countRunsByConfig, listRunsByConfig } from '../store/runs-repository.js';
import type { Db } from '../store/store-db.js';
import { AppError } from './app-error.js';
import { findConfiguration } from './configurations.js';
import { findRun } from './find-run.js';
import type { RunsContext } from './runs-context.js';
import { runViewOf, type RunView } from './run-view.js';

/** One row of a run as shown: a file row, or (row null) a user missing from the file. */
export type RowView = Omit<RowOutcome, 'userId' | 'openConflicts'>;

/** A run with its blockers and e-mail counts. */
export async function getRunView(ctx: RunsContext, runId: string): Promise<RunView> {
  const { run, config } = await findRun(ctx.store.db, runId);
  return runViewOf(run, config, await countRunMessages(ctx.store.db, runId));
}

function toRowView(outcome: RowOutcome): RowView {
  const { row, userName, email, reason, changes, errors } = outcome;
  return { row, userName, email, class: outcome.class, reason, changes, errors };
}

/** A page of a run's rows in file order (then missing users), and how many match in all. */
export async function listRunRows(
  ctx: RunsContext,
  runId: string,
  filter: StagedRowFilter = {},
): Promise<{ total: number; rows: RowView[] }> {
  await findRun(ctx.store.db, runId);
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
  const { rows, total } = await listStagedRows(ctx.store.db, runId, { ...filter, limit });
  return { total, rows: rows.map((row) => toRowView(row.outcome)) };
}

/** A run's Ask-at-runtime conflicts (optionally only the open ones), in file order. */
export async function listRunConflicts(
  ctx: RunsContext,
  runId: string,
  filter: { readonly openOnly?: boolean; readonly offset?: number; readonly limit?: number } = {},
): Promise<{ total: number; conflicts: Conflict[]; fields: FieldConflictCount[] }> {
  const db = ctx.store.db;
  await findRun(db, runId);
  const [page, fields] = await Promise.all([
    listConflicts(db, runId, {
      openOnly: filter.openOnly ?? false,
      offset: filter.offset ?? 0,
      limit: Math.min(Math.max(filter.limit ?? 500, 1), 5000),
    }),
    countConflictsByField(db, runId),
  ]);
  return { ...page, fields };
}

/** A page of a configuration's runs, newest first. */
export async function runHistoryPage(
  ctx: RunsContext,
  idOrName: string,
  page: { readonly offset?: number; readonly limit?: number } = {},
): Promise<{ total: number; runs: RunView[] }> {
  const db = ctx.store.db;
  const config = await findConfiguration(ctx, idOrName);
  const [total, runs] = await Promise.all([
    countRunsByConfig(db, config.id),
    listRunsByConfig(db, config.id, { offset: page.offset ?? 0, limit: page.limit ?? 50 }),
  ]);
  const views = await Promise.all(
    runs.map(async (run) => runViewOf(run, config, await countRunMessages(db, run.id))),
  );
  return { total, runs: views };
}

/** A configuration's runs, newest first (the first page of `runHistoryPage`). */
export async function runHistory(
  ctx: RunsContext,
  idOrName: string,
  page: { readonly offset?: number; readonly limit?: number } = {},
): Promise<RunView[]> {
  return (await runHistoryPage(ctx, idOrName, page)).runs;
}

const PAGE = 5_000;

/** Every staged row of the given classes, a page at a time, so memory stays flat. */
async function* stagedOutcomes(db: Db, runId: string, classes?: RowClass[]) {
  for (let offset = 0; ; offset += PAGE) {
    const { rows } = await listStagedRows(db, runId, {
      offset,
      limit: PAGE,
      ...(classes === undefined ? {} : { classes }),
    });
    for (const row of rows) yield row.outcome;
    if (rows.length < PAGE) return;
  }
}

async function* resultRows(db: Db, runId: string): AsyncGenerator<ResultRow> {
  for await (const outcome of stagedOutcomes(db, runId)) {
    yield {
      row: outcome.row,
      userName: outcome.userName,
      email: outcome.email,
      class: outcome.class,
      reason: outcome.reason,
      changes: outcome.changes,
      errors: outcome.errors,
    };
  }
}

async function* deactivatedUsers(db: Db, runId: string) {
  for await (const outcome of stagedOutcomes(db, runId, ['deactivated'])) {
    yield { userName: outcome.userName, email: outcome.email, reason: outcome.reason };
  }
}

/** Writes the run's results workbook (.xlsx): a Summary sheet, every row, the deactivated. */
export async function exportRunResults(
  ctx: RunsContext,
  runId: string,
  output: Writable | string,
  onProgress?: (rowsWritten: number) => void,
): Promise<void> {
  const { run, config } = await findRun(ctx.store.db, runId);
  if (run.status === 'applying') {
    throw new AppError('run-state', 'the run is being applied: export it when it has finished');
  }
  await writeResultsWorkbook(output, {
    summary: {
      configurationName: config.name,
      runId: run.id,
      fileName: run.fileName,
      runBy: run.actor.name,
      runAt: run.appliedAt ?? run.createdAt,
      status: run.status,
      counts: run.counts,
      emailsQueued: run.emailsQueued,
    },
    rows: resultRows(ctx.store.db, runId),
    deactivated: deactivatedUsers(ctx.store.db, runId),
    ...(onProgress === undefined ? {} : { onProgress }),
  });
}
