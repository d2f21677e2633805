/** `usersync users list|show`, `usersync settings get|set` and `usersync migrate`. */
import { type Command, Option } from 'commander';
import { TEXT_FIELDS } from '../engine/fields.js';
import { AppError } from '../runs/app-error.js';
import { getSettings, updateSettings } from '../runs/settings.js';
import { CLI_ACTOR } from '../runs/runs-context.js';
import { getDirectoryUser, listDirectoryUsers, type UserView } from '../runs/users.js';
import { openStore } from '../store/open-store.js';
import { dataDirOf, printOutcome, wantsJson, withStore } from './cli-context.js';
import type { CliIo } from './main.js';

/** A user as `users list --json` prints it: the template fields but `active`, and status. */
function userJson(user: UserView) {
  const fields = Object.fromEntries(TEXT_FIELDS.map((field) => [field, user.fields[field]]));
  return { ...fields, status: user.status, authMethod: user.authMethod, role: user.role };
}

function userLine(user: UserView): string {
  const name = `${user.fields.firstName} ${user.fields.lastName}`.trim();
  return `${user.fields.userName.padEnd(24)} ${user.status.padEnd(8)} ${user.authMethod.padEnd(8)} ${user.fields.email}  ${name}\n`;
}

function parseSeatLimit(text: string): number | null {
  if (text === 'none') return null;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    throw new AppError('invalid-input', `--seat-limit ${text}: give a whole number, or none`);
  }
  return value;
}

const MIB = 1024 * 1024;

/** A limit flag: a positive whole number (times `unit`), or `default` to drop the override. */
function parseLimit(text: string, unit: number): number | undefined {
  if (text === 'default') return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value * unit) || value <= 0) {
    throw new AppError('invalid-input', `"${text}" is not a positive whole number or "default".`);
  }
  return value * unit;
}

/** Registers users, settings and migrate. */
export function registerDirectoryCommands(program: Command, io: CliIo): void {
  const users = program.command('users').description('the user directory');
  users
    .command('list')
    .description('list users by userName')
    .addOption(
      new Option('--status <status>', 'only active or inactive users').choices([
        'active',
        'inactive',
      ]),
    )
    .option('--search <text>', 'userName, email or name containing this')
    .option('--limit <n>', 'at most this many users', '1000')
    .option('--json', 'print a JSON array')
    .action(async (_options: unknown, command: Command) => {
      const options = command.opts<{
        status?: 'active' | 'inactive';
        search?: string;
        limit: string;
      }>();
      await withStore(io, command, async (ctx) => {
        const { users: found, total } = await listDirectoryUsers(ctx, {
          ...(options.status === undefined ? {} : { status: options.status }),
          ...(options.search === undefined ? {} : { search: options.search }),
          limit: Number.parseInt(options.limit, 10) || 1000,
        });
        if (wantsJson(command)) {
          io.out(`${JSON.stringify(found.map(userJson))}\n`);
          return;
        }
        for (const user of found) io.out(userLine(user));
        io.out(`${found.length} of ${total} users\n`);
      });
    });
  users
    .command('show')
    .description('show one user with their change history')
    .argument('<userName>', 'the userName (or id)')
    .option('--json', 'print JSON')
    .action(async (userName: string, _options: unknown, command: Command) => {
      await withStore(io, command, async (ctx) => {
        const user = await getDirectoryUser(ctx, userName);
        if (wantsJson(command)) {
          io.out(`${JSON.stringify({ ...userJson(user), id: user.id, history: user.history })}\n`);
          return;
        }
        io.out(`${user.fields.userName} (${user.status}, ${user.authMethod}, ${user.role})\n`);
        for (const field of TEXT_FIELDS) {
          if (user.fields[field] !== '') io.out(`  ${field}: ${user.fields[field]}\n`);
        }
        io.out('History:\n');
        for (const entry of user.history) {
          const change =
            entry.field === null
              ? ''
              : ` ${entry.field}: ${entry.before ?? ''} → ${entry.after ?? ''}`;
          io.out(`  ${entry.at} ${entry.action} by ${entry.actor.name}${change}\n`);
        }
      });
    });

  const settings = program.command('settings').description('licensing, seats and SSO domains');
  settings
    .command('get')
    .description('show the settings')
    .option('--json', 'print JSON')
    .action(async (_options: unknown, command: Command) => {
      await withStore(io, command, async (ctx) => {
        const current = await getSettings(ctx);
        io.out(
          wantsJson(command)
            ? `${JSON.stringify(current)}\n`
            : `${JSON.stringify(current, null, 2)}\n`,
        );
      });
    });
  settings
    .command('set')
    .description('change settings')
    .addOption(
      new Option('--licensing <kind>', 'named: active users count against the seat limit').choices([
        'named',
        'none',
      ]),
    )
    .option('--seat-limit <n|none>', 'the most active users under named licensing')
    .option(
      '--sso-domains <domains>',
      'comma-separated e-mail domains whose users sign in with SSO, or *',
    )
    .option('--max-upload-mib <n|default>', 'the largest file accepted, in MiB (default 100)')
    .option(
      '--max-part-mib <n|default>',
      'the largest uncompressed part of an .xlsx, in MiB (default 1024)',
    )
    .option('--max-rows <n|default>', 'the most data rows in a file (default 1000000)')
    .option('--json', 'print JSON')
    .action(async (_options: unknown, command: Command) => {
      const options = command.opts<{
        licensing?: string;
        seatLimit?: string;
        ssoDomains?: string;
        maxUploadMib?: string;
        maxPartMib?: string;
        maxRows?: string;
      }>();
      await withStore(io, command, async (ctx) => {
        const patch: Record<string, unknown> = {};
        if (options.licensing !== undefined) patch.licensing = options.licensing;
        if (options.seatLimit !== undefined) patch.seatLimit = parseSeatLimit(options.seatLimit);
        if (options.ssoDomains !== undefined) {
          patch.ssoDomains = options.ssoDomains
            .split(',')
            .map((domain) => domain.trim())
            .filter(Boolean);
        }
        const limitFlags = [
          ['maxUploadBytes', options.maxUploadMib, MIB],
          ['maxPartBytes', options.maxPartMib, MIB],
          ['maxRows', options.maxRows, 1],
        ] as const;
        if (limitFlags.some(([, text]) => text !== undefined)) {
          const limits: Record<string, number | undefined> = {
            ...(await getSettings(ctx)).limits,
          };
          for (const [key, text, unit] of limitFlags) {
            if (text !== undefined) limits[key] = parseLimit(text, unit);
          }
          patch.limits = limits;
        }
        const saved = await updateSettings(ctx, patch, CLI_ACTOR);
        io.out(
          wantsJson(command)
            ? `${JSON.stringify(saved)}\n`
            : `Saved.\n${JSON.stringify(saved, null, 2)}\n`,
        );
      });
    });

  program
    .command('migrate')
    .description('apply pending database migrations (the server and every command also do this)')
    .option('--json', 'print {"database","applied": [migration names]}')
    .action(async (_options: unknown, command: Command) => {
      const store = openStore({
        dataDir: dataDirOf(command),
        databaseUrl: process.env.DATABASE_URL,
      });
      try {
        const report = await store.migrate();
        printOutcome(
          io,
          command,
          report.applied.length === 0
            ? `The database at ${store.location} is up to date.`
            : `Applied ${report.applied.join(', ')} to ${store.location}.`,
          { database: store.location, applied: report.applied },
        );
      } finally {
        await store.close();
      }
    });
}
