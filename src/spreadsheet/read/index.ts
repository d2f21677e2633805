/** Reading uploaded .xlsx and .csv files into rows for the engine (SPEC §3). */
export {
  openSourceFile,
  readSourceFile,
  type OpenedFile,
  type OpenSourceOptions,
  type ReadSourceFile,
  type SourceFileInfo,
} from './open-source-file.js';
export type { SourceColumn } from './header-mapping.js';
export { DEFAULT_READ_LIMITS, resolveReadLimits, type ReadLimits } from './read-limits.js';
export { FileRefusedError, type RefusalCode } from './refusal.js';
