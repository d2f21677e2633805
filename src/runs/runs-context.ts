/**
 * What every use case takes first: the store and the few settings that are not in it. Built
 * once per entry point (http/main.ts, cli/main.ts) and passed down; nothing here is global.
 */
import type { ReadLimits } from '../spreadsheet/read/index.js';
import type { Actor } from '../store/audit-log-repository.js';
import type { Store } from '../store/open-store.js';

export type { Actor } from '../store/audit-log-repository.js';

/** Structured log lines (pino's signature). */
export interface RunsLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** The use cases' dependencies. */
export interface RunsContext {
  readonly store: Store;
  /** Overrides of the reader's limits that win over the stored settings (e.g. tests, flags). */
  readonly readLimits?: Partial<ReadLimits>;
  readonly logger?: RunsLogger;
  /** Called after an apply commits (the server wakes the outbox sender with it). */
  readonly onApplied?: (runId: string) => void;
}

/** Where a long preview or apply is. */
export interface RunProgress {
  readonly phase: 'reading' | 'planning' | 'staging' | 'checking' | 'applying' | 'done';
  /** Rows done in this phase. */
  readonly done: number;
  /** Rows in this phase, when known. */
  readonly total: number | null;
}

/** Receives progress reports; called often, so it must be cheap. */
export type ProgressListener = (progress: RunProgress) => void;

/** The actor recorded for actions taken from the command line, which has no sign-in. */
export const CLI_ACTOR: Actor = { id: null, name: 'command line' };
