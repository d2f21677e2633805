import { type Command, CommanderError } from 'commander';
import type { SourceRow } from '../engine/source.js';
import { FileRefusedError, openSourceFile, type OpenedFile } from '../spreadsheet/read/index.js';
import { ExitCode, type CliIo } from './main.js';

/** File-system failures a person can fix (a wrong path, no permission). */
const UNREADABLE_PATH_CODES = new Set(['EACCES', 'EISDIR', 'ENOENT', 'ENOTDIR', 'EPERM']);

/** Why `inspect` could not show the file: a refusal, or a path that cannot be read. */
interface InspectError {
  readonly code: string;
  readonly message: string;
}

/**
 * Registers `usersync inspect <file> [--json]`: shows what the importer sees in a spreadsheet —
 * the sheet used, each column's header and field, the ignored columns, and every non-blank row
 * with its row number, values and cell problems. A refused file prints why and exits 1.
 */
export function registerInspectCommand(program: Command, io: CliIo): void {
  program
    .command('inspect')
    .description('show what the importer sees in a spreadsheet file (.xlsx or .csv)')
    .argument('<file>', 'the .xlsx or .csv file to read')
    .option('--json', 'print one JSON object instead of text')
    .action(async (file: string, _options: unknown, command: Command) => {
      const json = command.opts<{ json?: boolean }>().json === true;
      const error = await inspectFile(file, json, io);
      if (error !== null) {
        throw new CommanderError(ExitCode.refused, 'usersync.refused', error.message);
      }
    });
}

/**
 * Prints the file as the importer sees it; returns the error that stopped it, if any, after
 * printing it (`{ "error": { code, message } }` with --json, the message on stderr otherwise).
 * Rows stream to the output as they are read, so a refusal found late (too many rows, a damaged
 * end of file) comes after the rows read so far; in JSON it is then an `error` member beside them.
 */
export async function inspectFile(
  path: string,
  json: boolean,
  io: CliIo,
): Promise<InspectError | null> {
  let opened: OpenedFile;
  try {
    opened = await openSourceFile(path);
  } catch (error) {
    const failure = inspectError(error, path);
    if (json) {
      io.out(`${JSON.stringify({ error: failure })}\n`);
    } else {
      io.err(`${failure.message}\n`);
    }
    return failure;
  }
  const printer = json ? jsonPrinter(opened, io) : textPrinter(opened, io);
  try {
    for await (const batch of opened.rowBatches()) {
      printer.rows(batch);
    }
  } catch (error) {
    const failure = inspectError(error, path);
    printer.end(failure);
    return failure;
  }
  printer.end(null);
  return null;
}

function inspectError(error: unknown, path: string): InspectError {
  if (error instanceof FileRefusedError) {
    return { code: error.code, message: error.message };
  }
  const code =
    error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
  if (UNREADABLE_PATH_CODES.has(code)) {
    return { code: 'unreadable-path', message: `Cannot read "${path}" (${code}).` };
  }
  throw error;
}

interface Printer {
  rows(batch: readonly SourceRow[]): void;
  end(error: InspectError | null): void;
}

function jsonPrinter(opened: OpenedFile, io: CliIo): Printer {
  const head = {
    sheet: opened.sheet,
    columns: opened.columns.map(({ header, field }) => ({ header, field })),
    ignoredColumns: opened.ignoredColumns,
  };
  io.out(`${JSON.stringify(head).slice(0, -1)},"rows":[`);
  let first = true;
  return {
    rows: (batch) => {
      const text = batch
        .map(({ row, values, problems }) =>
          JSON.stringify({
            row,
            values,
            problems: problems.map(({ field, code, message }) => ({ field, code, message })),
          }),
        )
        .join(',\n');
      if (text !== '') {
        io.out(first ? `\n${text}` : `,\n${text}`);
        first = false;
      }
    },
    end: (error) => {
      io.out(error === null ? '\n]}\n' : `\n],"error":${JSON.stringify(error)}}\n`);
    },
  };
}

function textPrinter(opened: OpenedFile, io: CliIo): Printer {
  const where = opened.sheet === null ? 'CSV' : `sheet "${opened.sheet}"`;
  const lines = [
    `${opened.fileName}: ${where}, header in row ${String(opened.headerRow)}`,
    'Columns:',
  ];
  const width = Math.max(...opened.columns.map((column) => column.header.length));
  for (const { header, field } of opened.columns) {
    lines.push(`  ${header.padEnd(width)}  → ${field ?? '(ignored)'}`);
  }
  lines.push(
    `Ignored columns: ${opened.ignoredColumns.length === 0 ? 'none' : opened.ignoredColumns.join(', ')}`,
    '',
  );
  io.out(lines.join('\n'));
  let count = 0;
  let withProblems = 0;
  return {
    rows: (batch) => {
      const out: string[] = [];
      for (const { row, values, problems } of batch) {
        count += 1;
        const shown = Object.entries(values)
          .map(([field, value]) => `${field}=${JSON.stringify(value)}`)
          .join(' ');
        out.push(`Row ${String(row)}: ${shown}`);
        for (const problem of problems) {
          out.push(`  ! ${problem.field}: ${problem.message} [${problem.code}]`);
        }
        withProblems += problems.length > 0 ? 1 : 0;
      }
      io.out(`\n${out.join('\n')}`);
    },
    end: (error) => {
      io.out(`\n${String(count)} row(s), ${String(withProblems)} with cell problems.\n`);
      if (error !== null) {
        io.err(`${error.message}\n`);
      }
    },
  };
}
