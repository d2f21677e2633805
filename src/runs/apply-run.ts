/**
 * Applying a previewed run (SPEC §5): re-plan inside one transaction that holds the apply lock,
 * refuse if the outcome differs from the preview, else write every change, the audit entries,
 * the outbox messages and the new baseline together. Also cancelling a preview, and failing the
 * runs a killed process left half-way.
 */
import { checkPlanStillValid } from '../engine/check-plan.js';
import type { ApplyBlocker, RememberedDecision } from '../engine/plan.js';
import { isSqliteBusy } from '../store/apply-lock.js';
import { appendAuditEntry } from '../store/audit-log-repository.js';
import { listRunDecisions, type RunDecision } from '../store/run-decisions-repository.js';
import { listStagedRows } from '../store/run-rows-repository.js';
import { markInterruptedRunsFailed, setRunStatus } from '../store/runs-repository.js';
import type { Db } from '../store/store-db.js';
import { StoreError } from '../store/store-error.js';
import { writePlan } from '../store/write-plan.js';
import { AppError } from './app-error.js';
import { findRun, requirePreviewed, type RunWithConfig } from './find-run.js';
import { planInputFromStore, stagedFileOf } from './plan-against-store.js';
import { toAppError } from './refusals.js';
import type { Actor, ProgressListener, RunsContext } from './runs-context.js';
import { getRunView } from './run-results.js';
import { runBlockers, type RunView } from './run-view.js';

function blockerError(blocker: ApplyBlocker): AppError {
  switch (blocker.kind) {
    case 'open-conflicts':
      return new AppError(
        'open-conflicts',
        `${blocker.count} conflict(s) still need a decision before the run can be applied`,
        { count: blocker.count },
      );
    case 'seat-limit':
      return new AppError(
        'seat-limit',
        `the run would leave ${blocker.after} active users, above the seat limit of ${blocker.limit}`,
        { after: blocker.after, limit: blocker.limit },
      );
    case 'safeguard':
      return new AppError(
        'safeguard',
        `the run would deactivate ${blocker.deactivations} users, more than the safeguard allows (${blocker.limit}); override it for this run to go ahead`,
        { deactivations: blocker.deactivations, limit: blocker.limit },
      );
  }
}

/** The stale-plan refusal, naming the first row whose outcome changed. */
async function staleError(
  tx: Db,
  found: RunWithConfig,
  input: Parameters<typeof checkPlanStillValid>[1],
) {
  const { rows } = await listStagedRows(tx, found.run.id, { limit: Number.MAX_SAFE_INTEGER });
  const verdict = checkPlanStillValid(
    { fingerprint: found.run.fingerprint, outcomes: rows.map((row) => row.outcome) },
    input,
  );
  const reason = verdict.fresh
    ? 'the directory changed since the preview: preview the file again'
    : verdict.reason;
  return new AppError('stale-plan', reason);
}

/**
 * The plan made again from the staged rows and the directory as this transaction sees them,
 * refused when it differs from the previewed one. Its inputs (every staged row, every user) are
 * unreachable once it returns, so they can be collected while the plan is written.
 */
async function replanInTransaction(
  tx: Db,
  found: RunWithConfig,
  actor: Actor,
  decisions: readonly RunDecision[],
) {
  const { run, config } = found;
  const input = await planInputFromStore(tx, {
    config,
    file: await stagedFileOf(tx, run),
    decisions: decisions.map((entry) => entry.decision),
    sendWelcomeEmail: run.sendWelcomeEmail,
    overrideSafeguard: run.overrideSafeguard,
    actorId: actor.id,
  });
  const verdict = checkPlanStillValid({ fingerprint: run.fingerprint }, input);
  if (!verdict.fresh) throw await staleError(tx, found, input);
  return verdict.plan;
}

/** Re-plans inside the apply transaction and writes the plan when it still holds. */
async function applyInTransaction(
  tx: Db,
  found: RunWithConfig,
  actor: Actor,
  onProgress: ProgressListener,
) {
  const { run, config } = found;
  onProgress({ phase: 'checking', done: 0, total: null });
  const decisions = await listRunDecisions(tx, run.id);
  const plan = await replanInTransaction(tx, found, actor, decisions);
  const [blocker] = plan.blockers;
  if (blocker !== undefined) throw blockerError(blocker);
  onProgress({ phase: 'applying', done: 0, total: plan.changes.length });
  const remember: RememberedDecision[] = decisions
    .filter((entry) => entry.remember && entry.decision.scope === 'one')
    .flatMap(({ decision }) =>
      decision.scope === 'one'
        ? [{ userName: decision.userName, field: decision.field, choice: decision.choice }]
        : [],
    );
  const result = await writePlan(tx, {
    runId: run.id,
    configId: config.id,
    plan,
    actor,
    remember,
  });
  onProgress({
    phase: 'done',
    done: plan.changes.length,
    total: plan.changes.length,
  });
  return result;
}

/**
 * Applies a previewed run. The run is marked `applying` first (committed), so that a process
 * killed half-way leaves a trace that `failInterruptedRuns` turns into `failed`; the directory
 * itself changes only in the one transaction, all or nothing.
 */
export async function applyRun(
  ctx: RunsContext,
  runId: string,
  actor: Actor,
  options: { readonly onProgress?: ProgressListener } = {},
): Promise<RunView> {
  const onProgress: ProgressListener = options.onProgress ?? (() => undefined);
  const found = await findRun(ctx.store.db, runId);
  requirePreviewed(found.run, 'applied');
  const [blocker] = runBlockers(found.run, found.config);
  if (blocker !== undefined) throw new AppError(blocker.code, blocker.message);
  try {
    await setRunStatus(ctx.store.db, runId, 'applying', ['previewed']);
  } catch (error) {
    throw toAppError(error);
  }
  try {
    const result = await ctx.store.withApplyLock((tx) =>
      applyInTransaction(tx, found, actor, onProgress),
    );
    ctx.logger?.info({ runId, created: result.created, updated: result.updated }, 'run applied');
  } catch (error) {
    await settleFailedApply(ctx, runId, error);
    throw toAppError(error);
  }
  ctx.onApplied?.(runId);
  return getRunView(ctx, runId);
}

/**
 * After an apply that wrote nothing: a stale plan fails the run (it must be previewed again);
 * a refusal that a later attempt may pass (busy, a blocker) puts it back to `previewed`; any
 * other failure fails it with a message that says nothing was changed.
 */
async function settleFailedApply(ctx: RunsContext, runId: string, error: unknown) {
  const retryable =
    (error instanceof StoreError && error.code === 'apply-busy') ||
    isSqliteBusy(error) ||
    (error instanceof AppError && error.code !== 'stale-plan');
  const message =
    error instanceof AppError && error.code === 'stale-plan'
      ? error.message
      : 'applying failed; nothing was changed — preview the file again';
  try {
    if (retryable) await setRunStatus(ctx.store.db, runId, 'previewed', ['applying']);
    else await setRunStatus(ctx.store.db, runId, 'failed', ['applying'], { errorMessage: message });
  } catch (settleError) {
    ctx.logger?.warn({ runId, err: String(settleError) }, 'could not record the failed apply');
  }
  if (!(error instanceof AppError) && !(error instanceof StoreError)) {
    ctx.logger?.warn({ runId, err: String(error) }, 'apply failed');
  }
}

/** Cancels a previewed run: it stays in the history as cancelled, and can no longer be applied. */
export async function cancelRun(ctx: RunsContext, runId: string, actor: Actor): Promise<RunView> {
  const found = await findRun(ctx.store.db, runId);
  requirePreviewed(found.run, 'cancelled');
  try {
    await setRunStatus(ctx.store.db, runId, 'cancelled', ['previewed']);
  } catch (error) {
    throw toAppError(error);
  }
  await appendAuditEntry(ctx.store.db, {
    actor,
    action: 'run.cancel',
    configId: found.config.id,
    runId,
  });
  return getRunView(ctx, runId);
}

/**
 * At start-up: fails the runs that a killed process left `applying` (their transaction was
 * rolled back, so the directory is as before). It takes the apply lock without waiting, so a
 * run that another live process is applying right now is left alone. Returns how many failed.
 */
export async function failInterruptedRuns(ctx: RunsContext): Promise<number> {
  try {
    const count = await ctx.store.withApplyLock((tx) => markInterruptedRunsFailed(tx), {
      timeoutMs: 0,
    });
    if (count > 0)
      ctx.logger?.warn({ count }, 'runs interrupted while applying were marked failed');
    return count;
  } catch (error) {
    if (error instanceof StoreError && error.code === 'apply-busy') return 0;
    throw error;
  }
}
