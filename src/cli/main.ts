import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { Command, CommanderError } from 'commander';
import { registerInspectCommand } from './inspect.js';
import { registerMailCommand } from './mail.js';
import { registerTemplateCommand } from './template.js';
import { registerConfigCommands } from './config-commands.js';
import { registerRunCommands } from './run-commands.js';
import { registerDirectoryCommands } from './directory-commands.js';

/** Where the command line writes; injected so tests can read what a person would see. */
export interface CliIo {
  /** Normal output (results, JSON). */
  readonly out: (text: string) => void;
  /** Messages about problems, for a person. */
  readonly err: (text: string) => void;
  /** Whether a person watches (then long work draws a progress bar on `err`). */
  readonly isInteractive?: boolean;
  /** Asks a yes/no question; absent when nobody can answer (no terminal on stdin). */
  readonly confirm?: (question: string) => Promise<boolean>;
}

async function askOnTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isInteractive: process.stderr.isTTY,
  ...(process.stdin.isTTY ? { confirm: askOnTerminal } : {}),
};

/** Exit codes of every command: 0 ok, 1 refused or invalid input, 2 usage. */
export const ExitCode = { ok: 0, refused: 1, usage: 2 } as const;

function readVersion(): string {
  const raw: unknown = JSON.parse(
    readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
  );
  if (
    typeof raw === 'object' &&
    raw !== null &&
    'version' in raw &&
    typeof raw.version === 'string'
  ) {
    return raw.version;
  }
  return 'unknown';
}

function buildProgram(io: CliIo): Command {
  const program = new Command('usersync')
    .description("Import and keep in sync an organisation's user directory from spreadsheet files.")
    .version(readVersion(), '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show help for a command')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .option(
      '--data-dir <dir>',
      'where the embedded database lives (default: $USERSYNC_DATA_DIR or ./data)',
    )
    .exitOverride();
  registerTemplateCommand(program, io);
  registerInspectCommand(program, io);
  registerConfigCommands(program, io);
  registerRunCommands(program, io);
  registerDirectoryCommands(program, io);
  registerMailCommand(program, io);
  return program;
}

/**
 * What a person sees of a failure no command expected (the database cannot be reached, the data
 * folder cannot be made): the error's message, never a stack trace. `USERSYNC_DEBUG=1` adds it.
 */
function reportFailure(io: CliIo, argv: readonly string[], error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  if (argv.includes('--json')) {
    io.out(`${JSON.stringify({ error: { code: 'failed', message } })}\n`);
  } else {
    io.err(`usersync: ${message}\n`);
  }
  if (process.env.USERSYNC_DEBUG === '1' && error instanceof Error && error.stack !== undefined) {
    io.err(`${error.stack}\n`);
  }
}

/**
 * Runs the command line with `argv` (without node and the script) and returns the exit code.
 * Never calls process.exit, so it can be tested in-process.
 */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  if (argv.length === 0) {
    program.outputHelp();
    return ExitCode.ok;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
        return ExitCode.ok;
      }
      return error.code === 'usersync.refused' ? ExitCode.refused : ExitCode.usage;
    }
    reportFailure(io, argv, error);
    return ExitCode.refused;
  }
}
