/**
 * Turns the adapters' expected refusals into the one `AppError` the entry points understand:
 * a store refusal (StoreError) or a refused file (FileRefusedError). Anything else passes through
 * untouched: it is a bug or an infrastructure failure, and the entry point hides its details.
 */
import { FileRefusedError } from '../spreadsheet/read/index.js';
import { isSqliteBusy } from '../store/apply-lock.js';
import { StoreError, type StoreErrorCode } from '../store/store-error.js';
import { AppError, type AppErrorCode } from './app-error.js';

const STORE_CODES: Readonly<Record<StoreErrorCode, AppErrorCode>> = {
  'apply-busy': 'apply-busy',
  'config-applying': 'run-state',
  'name-taken': 'name-taken',
  'user-taken': 'invalid-input',
  'not-found': 'not-found',
  'run-state': 'run-state',
};

/** The AppError for an adapter's refusal, or the error itself when it is not one. */
export function toAppError(error: unknown): unknown {
  if (error instanceof StoreError) return new AppError(STORE_CODES[error.code], error.message);
  if (error instanceof FileRefusedError) {
    return new AppError('file-refused', error.message, {
      reason: error.code,
      fileName: error.fileName,
    });
  }
  if (isSqliteBusy(error)) {
    return new AppError(
      'apply-busy',
      'the database is busy with another run being applied; try again when it has finished',
    );
  }
  return error;
}

/** Runs `fn`, rethrowing adapters' refusals as AppErrors. */
export async function translateRefusals<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toAppError(error);
  }
}
