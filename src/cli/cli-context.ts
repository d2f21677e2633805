/**
 * What the store-backed commands share: the global `--data-dir` option, opening the store
 * (SQLite in the data directory, or PostgreSQL from DATABASE_URL), and turning a use case's
 * refusal into a message (or `{ "error": … }` with --json) and exit code 1.
 */
import { resolve } from 'node:path';
import { type Command, CommanderError } from 'commander';
import { AppError } from '../runs/app-error.js';
import { failInterruptedRuns } from '../runs/apply-run.js';
import type { RunsContext } from '../runs/runs-context.js';
import { openStore } from '../store/open-store.js';
import { ExitCode, type CliIo } from './main.js';

/** Where the data lives: --data-dir, else USERSYNC_DATA_DIR, else ./data. */
export function dataDirOf(command: Command, env: NodeJS.ProcessEnv = process.env): string {
  const flag = command.optsWithGlobals<{ dataDir?: string }>().dataDir;
  return resolve(flag ?? env.USERSYNC_DATA_DIR ?? 'data');
}

/** Whether the command was asked for JSON. */
export function wantsJson(command: Command): boolean {
  return command.opts<{ json?: boolean }>().json === true;
}

/** Prints the outcome of a command: `json` with --json, else the sentence for a person. */
export function printOutcome(io: CliIo, command: Command, sentence: string, json: object): void {
  io.out(wantsJson(command) ? `${JSON.stringify(json)}\n` : `${sentence}\n`);
}

/** Ends the command with exit code 1 after the message has been printed. */
export function refused(message: string): never {
  throw new CommanderError(ExitCode.refused, 'usersync.refused', message);
}

/** Prints a refusal the way the command's output mode wants it, then ends with exit 1. */
export function printRefusal(io: CliIo, json: boolean, code: string, message: string): never {
  if (json) io.out(`${JSON.stringify({ error: { code, message } })}\n`);
  else io.err(`${message}\n`);
  return refused(message);
}

/** File-system failures a person can fix (a wrong path, no permission). */
const PATH_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'there is no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  EROFS: 'the file system is read-only',
};

/** "Cannot read users.csv: there is no such file", or null for any other error. */
function unreadablePath(error: unknown): string | null {
  if (!(error instanceof Error) || !('code' in error) || !('path' in error)) return null;
  const problem = PATH_PROBLEMS[String(error.code)];
  return problem === undefined ? null : `Cannot use ${String(error.path)}: ${problem}.`;
}

/**
 * Opens the store (applying pending migrations and failing runs a killed process left
 * applying), runs `fn`, and closes it. An AppError is printed and becomes exit code 1.
 */
export async function withStore(
  io: CliIo,
  command: Command,
  fn: (ctx: RunsContext) => Promise<void>,
): Promise<void> {
  const store = openStore({ dataDir: dataDirOf(command), databaseUrl: process.env.DATABASE_URL });
  try {
    await store.migrate();
    const ctx: RunsContext = { store };
    await failInterruptedRuns(ctx);
    await fn(ctx);
  } catch (error) {
    if (error instanceof AppError) printRefusal(io, wantsJson(command), error.code, error.message);
    const unreadable = unreadablePath(error);
    if (unreadable !== null) printRefusal(io, wantsJson(command), 'invalid-input', unreadable);
    throw error;
  } finally {
    await store.close();
  }
}
