/**
 * Previewing a run (SPEC §4): read the uploaded file, plan it against the directory, and stage
 * the plan so that any process can show, decide and apply it. Nothing in the directory changes.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { planRun } from '../engine/plan-run.js';
import type { SourceRow } from '../engine/source.js';
import { REQUIRED_FIELDS } from '../engine/fields.js';
import { openSourceFile, type ReadLimits } from '../spreadsheet/read/index.js';
import { loadDirectoryAside } from '../store/directory-thread.js';
import { createRun, getRun, summarisePlanForRun } from '../store/runs-repository.js';
import { getSettings } from '../store/settings-repository.js';
import { AppError } from './app-error.js';
import { findConfiguration } from './configurations.js';
import { planInputFromStore, stagePlan } from './plan-against-store.js';
import { translateRefusals } from './refusals.js';
import type { Actor, ProgressListener, RunsContext } from './runs-context.js';
import { runViewOf, type RunView } from './run-view.js';

/** An uploaded file to preview. */
export interface PreviewRequest {
  /** The configuration's id or name. */
  readonly config: string;
  /** Where the upload was saved. */
  readonly filePath: string;
  /** The name the administrator gave the file (shown in messages and history). */
  readonly fileName: string;
  readonly actor: Actor;
  /** This run's welcome e-mail toggle; null or absent follows the configuration. */
  readonly sendWelcomeEmail?: boolean | null;
  readonly onProgress?: ProgressListener;
}

/** The reader's limits: the stored settings, overridden by the context's. */
export async function readLimitsOf(ctx: RunsContext): Promise<Partial<ReadLimits>> {
  const { limits } = await getSettings(ctx.store.db);
  const stored: Partial<ReadLimits> = Object.fromEntries(
    Object.entries(limits).filter(([, value]) => value !== undefined),
  );
  return { ...stored, ...ctx.readLimits };
}

async function fingerprintFile(path: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { size: (await stat(path)).size, sha256: hash.digest('hex') };
}

/** Reads every row of the file (refusing it as a whole when it cannot be imported). */
async function readRows(
  ctx: RunsContext,
  filePath: string,
  fileName: string,
  onProgress: ProgressListener,
) {
  // Every row is kept until the plan is staged: the reader makes equal values one string.
  const opened = await openSourceFile(filePath, {
    fileName,
    limits: await readLimitsOf(ctx),
    poolValues: true,
  });
  const rows: SourceRow[] = [];
  for await (const batch of opened.rowBatches()) {
    for (const row of batch) rows.push(row);
    onProgress({ phase: 'reading', done: rows.length, total: null });
  }
  return { opened, rows };
}

/** The uploaded file's fingerprint and rows. */
async function readUpload(ctx: RunsContext, request: PreviewRequest, onProgress: ProgressListener) {
  const file = await fingerprintFile(request.filePath);
  const { opened, rows } = await readRows(ctx, request.filePath, request.fileName, onProgress);
  return { file, opened, rows };
}

/** Reads, plans and stages a run; the preview the administrator reviews before applying. */
export async function previewRun(ctx: RunsContext, request: PreviewRequest): Promise<RunView> {
  const onProgress: ProgressListener = request.onProgress ?? (() => undefined);
  const config = await findConfiguration(ctx, request.config);
  if (config.status === 'paused') {
    throw new AppError(
      'config-paused',
      `"${config.name}" is paused: resume it before previewing or running it`,
    );
  }
  return translateRefusals(async () => {
    // The directory is read on its own thread while the file is read here.
    const directory = loadDirectoryAside(ctx.store.db, ctx.logger);
    const { file, opened, rows } = await readUpload(ctx, request, onProgress).catch(
      (error: unknown) => {
        directory.cancel();
        throw error;
      },
    );
    onProgress({ phase: 'planning', done: 0, total: rows.length });
    const sendWelcomeEmail = request.sendWelcomeEmail ?? null;
    const source = { columns: opened.fields, rows };
    const subject = {
      config,
      file: source,
      decisions: [],
      sendWelcomeEmail,
      overrideSafeguard: false,
      actorId: request.actor.id,
    };
    const plan = planRun(
      await planInputFromStore(ctx.store.db, subject, await directory.snapshot()),
    );
    onProgress({ phase: 'staging', done: 0, total: plan.outcomes.length });
    const run = await ctx.store.transaction(async (tx) => {
      const created = await createRun(tx, {
        configId: config.id,
        actor: request.actor,
        file: { name: request.fileName, size: file.size, sha256: file.sha256 },
        columns: [...opened.fields],
        ignoredColumns: opened.ignoredColumns,
        summary: summarisePlanForRun(plan),
        sendWelcomeEmail,
        overrideSafeguard: false,
      });
      await stagePlan(tx, created.id, plan, rows);
      return created;
    });
    onProgress({ phase: 'done', done: plan.outcomes.length, total: plan.outcomes.length });
    ctx.logger?.info({ runId: run.id, configId: config.id, counts: plan.counts }, 'run previewed');
    const stored = await getRun(ctx.store.db, run.id);
    return runViewOf(stored ?? run, config);
  });
}

/** What the wizard's sample-file check reports. */
export interface SampleFileReport {
  /** The worksheet read; null for CSV. */
  readonly sheet: string | null;
  /** Each header and the field it maps to. */
  readonly columns: readonly { readonly header: string; readonly field: string | null }[];
  /** Headers that name no template column (ignored by runs). */
  readonly ignoredColumns: readonly string[];
  /** Required template columns the file lacks (never non-empty: such a file is refused). */
  readonly missingRequired: readonly string[];
  /** Non-blank data rows. */
  readonly rows: number;
}

/**
 * Checks a sample file's header row at once (the wizard's second step): which columns map to
 * which fields and which are ignored. A file that would be refused is refused here too.
 */
export async function checkSampleFile(
  ctx: RunsContext,
  request: { readonly filePath: string; readonly fileName: string },
): Promise<SampleFileReport> {
  return translateRefusals(async () => {
    const { opened, rows } = await readRows(ctx, request.filePath, request.fileName, () => {
      // The sample check is quick; it reports no progress.
    });
    return {
      sheet: opened.sheet,
      columns: opened.columns.map((column) => ({ header: column.header, field: column.field })),
      ignoredColumns: opened.ignoredColumns,
      missingRequired: REQUIRED_FIELDS.filter((field) => !opened.fields.has(field)),
      rows: rows.length,
    };
  });
}
