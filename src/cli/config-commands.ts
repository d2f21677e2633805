/**
 * `usersync config create|edit|list|show|pause|resume|delete|forget`: sync configurations from
 * the command line, with flags for every setting or a JSON document (`--file`).
 */
import type { Command } from 'commander';
import type { SyncConfig } from '../engine/config.js';
import {
  createConfiguration,
  deleteConfiguration,
  forgetRememberedDecision,
  getConfiguration,
  listConfigurations,
  setConfigurationPaused,
  updateConfiguration,
  type ConfigView,
} from '../runs/configurations.js';
import { CLI_ACTOR } from '../runs/runs-context.js';
import { printOutcome, printRefusal, wantsJson, withStore } from './cli-context.js';
import { documentFromFlags, withConfigFlags, type ConfigFlags } from './config-flags.js';
import type { CliIo } from './main.js';
import { describeCounts } from './present-run.js';

function describeConfig(view: ConfigView): string {
  const { config } = view;
  const rules = Object.entries(config.conflicts.fields).map(([field, rule]) =>
    rule.strategy === 'force-value'
      ? `${field}=force-value:${rule.value}`
      : `${field}=${rule.strategy}`,
  );
  const defaults = Object.entries(config.defaults)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${String(value)}`);
  const limit = config.deactivationLimit;
  const lines = [
    `${view.name} (${view.status})`,
    `  new users: ${config.newUsers}; inactive users: ${config.inactiveUsers}; removed users: ${config.removedUsers}`,
    `  conflicts: ${config.conflicts.default}${rules.length > 0 ? `; ${rules.join(', ')}` : ''}`,
    `  defaults: ${defaults.length > 0 ? defaults.join(', ') : 'none'}`,
    `  welcome e-mail: ${config.sendWelcomeEmail ? 'on' : 'off'}; deactivation safeguard: ${
      limit === null ? 'none' : 'count' in limit ? `${limit.count} users` : `${limit.percent}%`
    }`,
    ...view.remembered.map((d) => `  remembered: ${d.userName} ${d.field} → ${d.choice}`),
    `  last run: ${
      view.lastRun === null
        ? 'never'
        : `${view.lastRun.createdAt} ${view.lastRun.status} (${describeCounts(view.lastRun.counts)})`
    }`,
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The configuration in the `--file` format of docs/cli.md: a field rule other than Force value
 * is written as its strategy's name (`"title": "ask"`), as people write it.
 */
function documentOf(config: SyncConfig) {
  const fields = Object.fromEntries(
    Object.entries(config.conflicts.fields).map(([field, rule]) => [
      field,
      rule.strategy === 'force-value' ? rule : rule.strategy,
    ]),
  );
  return { ...config, conflicts: { ...config.conflicts, fields } };
}

function printConfig(io: CliIo, command: Command, view: ConfigView, verb: string): void {
  if (wantsJson(command)) io.out(`${JSON.stringify(documentOf(view.config), null, 2)}\n`);
  else io.out(`${verb} ${describeConfig(view)}`);
}

/** Registers the `config` command and its subcommands. */
export function registerConfigCommands(program: Command, io: CliIo): void {
  const config = program.command('config').description('manage sync configurations');

  withConfigFlags(config.command('create').description('save a new sync configuration'))
    .option('--json', 'print the saved configuration as JSON')
    .action(async (_options: unknown, command: Command) => {
      await withStore(io, command, async (ctx) => {
        const document = await documentFromFlags(command.opts<ConfigFlags>());
        printConfig(io, command, await createConfiguration(ctx, document, CLI_ACTOR), 'Created');
      });
    });

  withConfigFlags(
    config.command('edit').description('change a configuration (flags change only what they name)'),
  )
    .argument('<config>', 'the configuration name or id')
    .option('--json', 'print the saved configuration as JSON')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withStore(io, command, async (ctx) => {
        const current = await getConfiguration(ctx, name);
        const document = await documentFromFlags(command.opts<ConfigFlags>(), {
          ...current.config,
        });
        printConfig(
          io,
          command,
          await updateConfiguration(ctx, current.id, document, CLI_ACTOR),
          'Saved',
        );
      });
    });

  config
    .command('list')
    .description('list the configurations with their last run')
    .option('--json', 'print JSON')
    .action(async (_options: unknown, command: Command) => {
      await withStore(io, command, async (ctx) => {
        const views = await listConfigurations(ctx);
        if (wantsJson(command)) {
          io.out(`${JSON.stringify(views, null, 2)}\n`);
          return;
        }
        if (views.length === 0)
          io.out('No configurations yet: create one with `usersync config create`.\n');
        for (const view of views) io.out(describeConfig(view));
      });
    });

  config
    .command('show')
    .description('show one configuration (with --json: its document, the format of --file)')
    .argument('<config>', 'the configuration name or id')
    .option('--json', 'print the configuration document')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withStore(io, command, async (ctx) => {
        printConfig(io, command, await getConfiguration(ctx, name), '');
      });
    });

  for (const [verb, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    config
      .command(verb)
      .description(
        paused ? 'pause: no previews or runs until resumed' : 'resume a paused configuration',
      )
      .argument('<config>', 'the configuration name or id')
      .option('--json', 'print {"name","status"}')
      .action(async (name: string, _options: unknown, command: Command) => {
        await withStore(io, command, async (ctx) => {
          const view = await setConfigurationPaused(ctx, name, paused, CLI_ACTOR);
          printOutcome(io, command, `${view.name} is ${view.status}.`, {
            name: view.name,
            status: view.status,
          });
        });
      });
  }

  config
    .command('delete')
    .description('delete a configuration and its run history (never a user)')
    .argument('<config>', 'the configuration name or id')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--json', 'print {"deleted": name}')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withStore(io, command, async (ctx) => {
        const view = await getConfiguration(ctx, name);
        if (command.opts<{ yes?: boolean }>().yes !== true) {
          const question = `Delete "${view.name}" and its run history? No user is removed.`;
          if (io.confirm === undefined) {
            printRefusal(
              io,
              wantsJson(command),
              'invalid-input',
              'Nobody can confirm here: add --yes to delete.',
            );
          }
          if (!(await io.confirm(question))) {
            printOutcome(io, command, 'Nothing was deleted.', { deleted: null });
            return;
          }
        }
        await deleteConfiguration(ctx, view.id, CLI_ACTOR);
        printOutcome(
          io,
          command,
          `Deleted "${view.name}" and its run history; no user was removed.`,
          { deleted: view.name },
        );
      });
    });

  config
    .command('forget')
    .description('remove a remembered conflict decision')
    .argument('<config>', 'the configuration name or id')
    .argument('<userName>', 'the user the decision is about')
    .argument('<field>', 'the field the decision is about')
    .option('--json', 'print {"forgotten": {"userName","field"}}')
    .action(
      async (
        name: string,
        userName: string,
        field: string,
        _options: unknown,
        command: Command,
      ) => {
        await withStore(io, command, async (ctx) => {
          await forgetRememberedDecision(ctx, name, userName, field, CLI_ACTOR);
          printOutcome(io, command, `Forgot the remembered decision on ${userName}'s ${field}.`, {
            forgotten: { userName, field },
          });
        });
      },
    );
}
