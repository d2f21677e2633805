/**
 * The staleness check of SPEC §5: a previewed plan may be applied only if planning the same run
 * against the directory as it is now gives the same outcome.
 */
import type { PlanInput } from './plan-input.js';
import { planRun } from './plan-run.js';
import type { Plan, RowOutcome } from './plan.js';

/** Whether the previewed plan still holds, with the plan made now. */
export type PlanFreshness =
  | { readonly fresh: true; readonly plan: Plan }
  | { readonly fresh: false; readonly plan: Plan; readonly reason: string };

/** What a previewed plan leaves behind: its fingerprint, and its outcomes when at hand. */
export interface PreviewedPlan {
  readonly fingerprint: string;
  readonly outcomes?: readonly RowOutcome[];
}

function describe(outcome: RowOutcome | undefined): string {
  if (outcome === undefined) return 'nothing';
  const changes = outcome.changes.map(
    (change) => `${change.field} ${JSON.stringify(change.from)} → ${JSON.stringify(change.to)}`,
  );
  return changes.length === 0 ? outcome.class : `${outcome.class} (${changes.join(', ')})`;
}

function firstDifference(before: readonly RowOutcome[], after: readonly RowOutcome[]): string {
  const length = Math.max(before.length, after.length);
  for (let i = 0; i < length; i++) {
    const was = before[i];
    const now = after[i];
    if (describe(was) === describe(now) && was?.userId === now?.userId) continue;
    const subject = now ?? was;
    const where = subject?.row === null || subject === undefined ? '' : `row ${subject.row}, `;
    return `${where}${subject?.userName ?? 'a user'}: previewed as ${describe(was)}, now ${describe(now)}`;
  }
  return 'the planned changes differ';
}

/**
 * Plans `later` (the same run against a later directory snapshot) and says whether it does what
 * the previewed plan did. When it does not, nothing of the run may be applied.
 */
export function checkPlanStillValid(previewed: PreviewedPlan, later: PlanInput): PlanFreshness {
  const plan = planRun(later);
  if (plan.fingerprint === previewed.fingerprint) return { fresh: true, plan };
  const detail =
    previewed.outcomes === undefined
      ? ''
      : ` (${firstDifference(previewed.outcomes, plan.outcomes)})`;
  return {
    fresh: false,
    plan,
    reason: `the directory changed since the preview${detail}: preview the file again`,
  };
}
