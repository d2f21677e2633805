import type { SyncConfig } from './config.js';
import type { DirectorySnapshot, PlanSettings } from './directory.js';
import type { Decision, RememberedDecision } from './plan.js';
import type { SourceFile } from './source.js';

/** Everything a plan depends on. The same input always gives the same plan. */
export interface PlanInput {
  /** The file's rows, mapped to fields. */
  readonly file: SourceFile;
  /** The directory as it is now. */
  readonly directory: DirectorySnapshot;
  readonly config: SyncConfig;
  /**
   * The userNames of the configuration's most recent completed run (SPEC §4.5), or null before
   * its first run.
   */
  readonly baseline: readonly string[] | null;
  /** Decisions made in this run on Ask-at-runtime conflicts. */
  readonly decisions: readonly Decision[];
  /** Decisions remembered on the configuration. */
  readonly remembered: readonly RememberedDecision[];
  readonly settings: PlanSettings;
  /** The administrator who applies the run; a run never deactivates them. Null for none. */
  readonly actorId: string | null;
  /** This run's welcome e-mail toggle; null follows the configuration. */
  readonly sendWelcomeEmail: boolean | null;
  /** The administrator overrode the deactivation safeguard for this run. */
  readonly overrideSafeguard: boolean;
}
