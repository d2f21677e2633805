/**
 * Deciding a run's Ask-at-runtime conflicts (SPEC §4.4), one by one or in bulk per field, with
 * "remember", and the run's own toggles (welcome e-mail, safeguard override). Each re-plans the
 * run against the directory as it is now and stages the new plan.
 */
import { z } from 'zod';
import { FIELD_NAMES, type FieldName } from '../engine/fields.js';
import { planRun } from '../engine/plan-run.js';
import type { Decision } from '../engine/plan.js';
import { appendAudit } from '../store/audit-log-repository.js';
import { listConflicts } from '../store/run-conflicts-repository.js';
import {
  addRunDecisions,
  listRunDecisions,
  type RunDecision,
} from '../store/run-decisions-repository.js';
import { getRun, summarisePlanForRun, updateRunPlan } from '../store/runs-repository.js';
import type { Db } from '../store/store-db.js';
import { AppError } from './app-error.js';
import { findRun, requirePreviewed, type RunWithConfig } from './find-run.js';
import { planInputFromStore, stagePlan, stagedFileOf } from './plan-against-store.js';
import { parseOrRefuse, translateRefusals } from './refusals.js';
import type { Actor, RunsContext } from './runs-context.js';
import { runViewOf, type RunView } from './run-view.js';

const DecidableField = z
  .enum(FIELD_NAMES)
  .refine((field) => field !== 'userName', 'userName identifies the user and has no conflicts');
const Choice = z.enum(['source', 'destination']);

/** One decision as an administrator makes it. */
export const DecisionInputSchema = z.discriminatedUnion('scope', [
  z
    .object({
      scope: z.literal('one'),
      userName: z.string().trim().min(1),
      field: DecidableField,
      choice: Choice,
      remember: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      scope: z.literal('field'),
      field: DecidableField,
      choice: Choice,
      remember: z.boolean().optional(),
    })
    .strict(),
]);

/** A decision on one conflict, or on every conflict of a field; `remember` saves it. */
export type DecisionInput = z.input<typeof DecisionInputSchema>;

function parseDecisions(inputs: readonly unknown[]): z.output<typeof DecisionInputSchema>[] {
  if (inputs.length === 0) throw new AppError('invalid-input', 'no decisions were given');
  return inputs.map((input, index) =>
    parseOrRefuse(DecisionInputSchema, input, `decision ${String(index + 1)}`),
  );
}

/**
 * The decisions to record. A bulk decision marked "remember" is remembered per user (SPEC
 * keys remembered decisions by userName and field): it adds a remembered single decision for
 * each conflict of the field.
 */
async function toRunDecisions(
  db: Db,
  runId: string,
  inputs: readonly z.output<typeof DecisionInputSchema>[],
): Promise<RunDecision[]> {
  const decisions: RunDecision[] = [];
  for (const input of inputs) {
    const field: FieldName = input.field;
    if (input.scope === 'one') {
      const decision: Decision = {
        scope: 'one',
        userName: input.userName,
        field,
        choice: input.choice,
      };
      decisions.push({ decision, remember: input.remember === true });
      continue;
    }
    decisions.push({ decision: { scope: 'field', field, choice: input.choice }, remember: false });
    if (input.remember !== true) continue;
    const { conflicts } = await listConflicts(db, runId, { field, limit: Number.MAX_SAFE_INTEGER });
    for (const conflict of conflicts) {
      decisions.push({
        decision: { scope: 'one', userName: conflict.userName, field, choice: input.choice },
        remember: true,
      });
    }
  }
  return decisions;
}

/** Re-plans a previewed run with its decisions and toggles, and stages the new plan. */
async function replan(tx: Db, { run, config }: RunWithConfig, actorId: string | null) {
  const file = await stagedFileOf(tx, run);
  const decisions = (await listRunDecisions(tx, run.id)).map((entry) => entry.decision);
  const plan = planRun(
    await planInputFromStore(tx, {
      config,
      file,
      decisions,
      sendWelcomeEmail: run.sendWelcomeEmail,
      overrideSafeguard: run.overrideSafeguard,
      actorId,
    }),
  );
  return { plan, file };
}

/** Records decisions on a previewed run's conflicts and re-plans it. */
export async function decideConflicts(
  ctx: RunsContext,
  runId: string,
  inputs: readonly unknown[],
  actor: Actor,
): Promise<RunView> {
  const parsed = parseDecisions(inputs);
  return translateRefusals(() =>
    ctx.store.transaction(async (tx) => {
      const found = await findRun(tx, runId);
      requirePreviewed(found.run, 'decided');
      await addRunDecisions(tx, runId, await toRunDecisions(tx, runId, parsed));
      const { plan, file } = await replan(tx, found, actor.id);
      await stagePlan(tx, runId, plan, file.rows);
      await updateRunPlan(tx, runId, summarisePlanForRun(plan));
      await appendAudit(tx, [
        {
          actor,
          action: 'run.decide',
          configId: found.config.id,
          runId,
          details: { decisions: parsed },
        },
      ]);
      const run = await getRun(tx, runId);
      return runViewOf(run ?? found.run, found.config);
    }),
  );
}

/** A previewed run's own switches. */
export interface RunOptions {
  /** Send welcome e-mails for this run (null follows the configuration). */
  readonly sendWelcomeEmail?: boolean | null;
  /** Apply even though more users would be deactivated than the safeguard allows. */
  readonly overrideSafeguard?: boolean;
}

/** Changes a previewed run's toggles; the plan's totals are recomputed. */
export async function setRunOptions(
  ctx: RunsContext,
  runId: string,
  options: RunOptions,
  actor: Actor,
): Promise<RunView> {
  return translateRefusals(() =>
    ctx.store.transaction(async (tx) => {
      const found = await findRun(tx, runId);
      requirePreviewed(found.run, 'changed');
      const run = {
        ...found.run,
        sendWelcomeEmail:
          options.sendWelcomeEmail === undefined
            ? found.run.sendWelcomeEmail
            : options.sendWelcomeEmail,
        overrideSafeguard: options.overrideSafeguard ?? found.run.overrideSafeguard,
      };
      const { plan } = await replan(tx, { run, config: found.config }, actor.id);
      await updateRunPlan(tx, runId, summarisePlanForRun(plan), {
        sendWelcomeEmail: run.sendWelcomeEmail,
        overrideSafeguard: run.overrideSafeguard,
      });
      await appendAudit(tx, [
        { actor, action: 'run.options', configId: found.config.id, runId, details: { ...options } },
      ]);
      const updated = await getRun(tx, runId);
      return runViewOf(updated ?? run, found.config);
    }),
  );
}
