/**
 * Plans a run against the directory as the store holds it now: the one place that gathers a
 * plan's inputs (directory, baseline, remembered decisions, settings) from the database, for
 * the preview, for re-planning after decisions, and for the check inside the apply transaction.
 */
import type { DirectorySnapshot } from '../engine/directory.js';
import type { FieldName } from '../engine/fields.js';
import type { PlanInput } from '../engine/plan-input.js';
import type { Decision } from '../engine/plan.js';
import type { SourceFile, SourceRow } from '../engine/source.js';
import { getBaseline } from '../store/baselines-repository.js';
import type { ConfigRecord } from '../store/configs-repository.js';
import { loadDirectory } from '../store/load-directory.js';
import { listRememberedDecisions } from '../store/remembered-decisions-repository.js';
import { replaceConflicts } from '../store/run-conflicts-repository.js';
import { deleteStagedRows, readStagedSource, stageOutcomes } from '../store/run-rows-repository.js';
import type { RunRecord } from '../store/runs-repository.js';
import { getSettings, planSettingsOf } from '../store/settings-repository.js';
import type { Db } from '../store/store-db.js';
import type { Plan } from '../engine/plan.js';

/** What a run contributes to its plan besides the directory. */
export interface RunPlanSubject {
  readonly config: ConfigRecord;
  readonly file: SourceFile;
  readonly decisions: readonly Decision[];
  readonly sendWelcomeEmail: boolean | null;
  readonly overrideSafeguard: boolean;
  /** The administrator previewing or applying; a run never deactivates them. */
  readonly actorId: string | null;
}

/**
 * The plan's input with the directory, baseline, remembered decisions and settings read from
 * `db` (a transaction, when the caller needs them consistent with what it writes). A caller
 * that read the directory already (a preview, on its thread) passes it.
 */
export async function planInputFromStore(
  db: Db,
  subject: RunPlanSubject,
  loaded?: DirectorySnapshot,
): Promise<PlanInput> {
  const directory = loaded ?? (await loadDirectory(db));
  const baseline = await getBaseline(db, subject.config.id);
  const remembered = await listRememberedDecisions(db, subject.config.id);
  const settings = await getSettings(db);
  return {
    file: subject.file,
    directory,
    config: subject.config.config,
    baseline,
    decisions: subject.decisions,
    remembered,
    settings: planSettingsOf(settings),
    actorId: subject.actorId,
    sendWelcomeEmail: subject.sendWelcomeEmail,
    overrideSafeguard: subject.overrideSafeguard,
  };
}

/** The file of a previewed run, rebuilt from its staged rows. */
export async function stagedFileOf(db: Db, run: RunRecord): Promise<SourceFile> {
  const rows = await readStagedSource(db, run.id);
  return { columns: new Set<FieldName>(run.columns), rows };
}

/**
 * Stages a plan's outcomes (replacing any staged before) with the file rows they came from,
 * and its conflicts. The plan lists one outcome per file row, in file order, then the users
 * missing from the file.
 */
export async function stagePlan(
  db: Db,
  runId: string,
  plan: Plan,
  rows: readonly SourceRow[],
): Promise<void> {
  await deleteStagedRows(db, runId);
  rows.forEach((source, index) => {
    const outcome = plan.outcomes[index];
    if (source.row !== outcome?.row) {
      throw new Error(
        `plan outcome ${index} is row ${String(outcome?.row)}, not file row ${source.row}`,
      );
    }
  });
  await stageOutcomes(db, runId, plan.outcomes, rows);
  await replaceConflicts(db, runId, plan.conflicts);
}
