/**
 * Turns the adapters' expected refusals into the one `AppError` the entry points understand:
 * a store refusal (StoreError) or a refused file (FileRefusedError). Anything else passes through
 * untouched: it is a bug or an infrastructure failure, and the entry point hides its details.
 */
import type { z } from 'zod';
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

/**
 * Parses `input` with `schema`, or refuses it as `invalid-input` with every problem named by its
 * path: "<what> is not valid: conflicts.fields.email: force-value is not allowed for email".
 * The problems also go in the error's details for API clients.
 */
export function parseOrRefuse<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
  }));
  const text = problems
    .map((problem) =>
      problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`,
    )
    .join('; ');
  throw new AppError('invalid-input', `${what} is not valid: ${text}`, { problems });
}
