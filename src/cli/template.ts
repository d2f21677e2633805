import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createTemplateBuffer } from '../spreadsheet/write/write-template.js';
import { printOutcome, printRefusal, wantsJson } from './cli-context.js';
import type { CliIo } from './main.js';

/** Where `usersync template` writes when no path is given (in the current directory). */
export const DEFAULT_TEMPLATE_PATH = 'usersync-template.xlsx';

/** File-system failures a person can fix (a wrong folder, no permission): a message, exit 1. */
const PERSON_FIXABLE_CODES = new Set(['EACCES', 'EISDIR', 'ENOENT', 'ENOTDIR', 'EPERM', 'EROFS']);

function errorCode(error: unknown): string | null {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : null;
}

/**
 * Registers `usersync template [path] [--force] [--json]`: writes the import template (SPEC §6) to `path`
 * (default `usersync-template.xlsx` in the current directory) and prints where. An existing file is
 * replaced only with `--force`; otherwise, and when the file cannot be written, the command
 * prints why and exits 1.
 */
export function registerTemplateCommand(program: Command, io: CliIo): void {
  program
    .command('template')
    .description('write the spreadsheet template to fill in (.xlsx)')
    .argument('[path]', 'where to write the template', DEFAULT_TEMPLATE_PATH)
    .option('-f, --force', 'replace the file if it already exists')
    .option('--json', 'print {"path"}')
    .action(async (path: string, _options: unknown, command: Command) => {
      const force = command.opts<{ force?: boolean }>().force === true;
      const json = wantsJson(command);
      const target = resolve(path);
      const bytes = await createTemplateBuffer();
      try {
        await writeFile(target, bytes, { flag: force ? 'w' : 'wx' });
      } catch (error) {
        const code = errorCode(error);
        if (code === 'EEXIST') {
          printRefusal(
            io,
            json,
            'invalid-input',
            `${target} already exists; use --force to replace it.`,
          );
        }
        if (code !== null && PERSON_FIXABLE_CODES.has(code)) {
          printRefusal(io, json, 'invalid-input', `Cannot write ${target} (${code}).`);
        }
        throw error;
      }
      printOutcome(io, command, `Wrote the template to ${target}`, { path: target });
    });
}
