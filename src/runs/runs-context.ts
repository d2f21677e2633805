/**
 * What every use case takes first: the store and the few process-wide things the use cases need.
 * The entry points (server, command line) build it once and pass it down.
 */
import type { ReadLimits } from '../spreadsheet/read/index.js';
import type { Store } from '../store/open-store.js';

/** The dependencies of the use cases. */
export interface RunsContext {
  /** The open, migrated database. */
  store: Store;
  /** Overrides of the spreadsheet reader's limits (rows, bytes), if any. */
  readLimits?: Partial<ReadLimits>;
  /** Structured logs (pino's signature); none when absent. */
  logger?: { info(o: object, m: string): void; warn(o: object, m: string): void };
  /** Called after a run's apply committed, e.g. to wake the outbox sender. */
  onApplied?: (runId: string) => void;
}
