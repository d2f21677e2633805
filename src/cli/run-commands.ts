/**
 * `usersync preview|run|history|results|export`: runs from the command line. `run` previews,
 * applies the decisions given with --decide, and applies after confirmation (or --yes).
 */
import { resolve } from 'node:path';
import { basename } from 'node:path';
import { type Command, Option } from 'commander';
import type { RowClass } from '../engine/plan.js';
import { AppError } from '../runs/app-error.js';
import { applyRun } from '../runs/apply-run.js';
import { decideConflicts, setRunOptions } from '../runs/decide-conflicts.js';
import { previewRun } from '../runs/preview-run.js';
import {
  exportRunResults,
  getRunView,
  listRunConflicts,
  listRunRows,
  runHistory,
  type RowView,
} from '../runs/run-results.js';
import type { RunView } from '../runs/run-view.js';
import { CLI_ACTOR, type RunsContext } from '../runs/runs-context.js';
import { printOutcome, printRefusal, refused, wantsJson, withStore } from './cli-context.js';
import type { CliIo } from './main.js';
import { progressLine } from './progress.js';
import { describeCounts, runJson, runText } from './present-run.js';

const CLASSES: readonly RowClass[] = ['new', 'updated', 'deactivated', 'skipped', 'error'];

interface ShowOptions {
  readonly class?: readonly RowClass[];
  readonly limit?: string;
  readonly json?: boolean;
}

const classOption = () =>
  new Option('--class <class...>', 'show only rows of these classes').choices(CLASSES);

/** Every row of the run matching the classes, a page at a time (JSON shows all of them). */
async function allRows(ctx: RunsContext, runId: string, classes: readonly RowClass[]) {
  const rows: RowView[] = [];
  for (;;) {
    const page = await listRunRows(ctx, runId, { classes, offset: rows.length, limit: 1000 });
    rows.push(...page.rows);
    if (page.rows.length === 0 || rows.length >= page.total) return rows;
  }
}

/**
 * Prints a run: JSON with every matching row, or text with the first --limit rows. A refusal
 * (`error`) goes into the same JSON object, so a script sees the open conflicts it must decide.
 */
async function printRun(
  io: CliIo,
  ctx: RunsContext,
  run: RunView,
  options: ShowOptions,
  error?: { readonly code: string; readonly message: string },
) {
  const classes = options.class ?? [];
  const { conflicts } = await listRunConflicts(ctx, run.id, { openOnly: true, limit: 5000 });
  if (options.json === true) {
    const json = runJson(run, conflicts, await allRows(ctx, run.id, classes));
    io.out(`${JSON.stringify(error === undefined ? json : { ...json, error })}\n`);
    return;
  }
  const limit = Number.parseInt(options.limit ?? '50', 10);
  const page = await listRunRows(ctx, run.id, { classes, limit: Number.isNaN(limit) ? 50 : limit });
  io.out(runText(run, conflicts, page.rows, page.total));
}

function parseDecisions(texts: readonly string[]) {
  return texts.map((text) => {
    const [field = '', choice = ''] = text.split('=');
    if (choice !== 'source' && choice !== 'destination') {
      throw new AppError(
        'invalid-input',
        `--decide ${text}: write <field>=source or <field>=destination`,
      );
    }
    return { scope: 'field' as const, field: field.trim(), choice };
  });
}

async function previewFile(
  ctx: RunsContext,
  io: CliIo,
  config: string,
  file: string,
  welcome: boolean,
) {
  const progress = progressLine(io);
  try {
    return await previewRun(ctx, {
      config,
      filePath: resolve(file),
      fileName: basename(file),
      actor: CLI_ACTOR,
      sendWelcomeEmail: welcome ? null : false,
      onProgress: progress.listener,
    });
  } finally {
    progress.finish();
  }
}

/** Registers preview, run, history, results and export. */
export function registerRunCommands(program: Command, io: CliIo): void {
  program
    .command('preview')
    .description('preview a file against a configuration: what a run would do (changes nothing)')
    .argument('<config>', 'the configuration name or id')
    .argument('<file>', 'the .xlsx or .csv file')
    .addOption(classOption())
    .option('--limit <n>', 'rows to show in text output', '50')
    .option('--no-welcome-email', 'do not send welcome e-mails if this run is applied')
    .option('--json', 'print one JSON object')
    .action(async (config: string, file: string, _options: unknown, command: Command) => {
      const options = command.opts<ShowOptions & { welcomeEmail: boolean }>();
      await withStore(io, command, async (ctx) => {
        const run = await previewFile(ctx, io, config, file, options.welcomeEmail);
        await printRun(io, ctx, run, options);
      });
    });

  program
    .command('run')
    .description('preview a file, then apply it after confirmation')
    .argument('<config>', 'the configuration name or id')
    .argument('<file>', 'the .xlsx or .csv file')
    .option('-y, --yes', 'apply without asking')
    .option('--decide <field=source|destination...>', 'decide every open conflict of a field')
    .option('--no-welcome-email', 'do not send welcome e-mails for this run')
    .option(
      '--override-safeguard',
      'apply even if more users would be deactivated than the safeguard allows',
    )
    .addOption(classOption())
    .option('--limit <n>', 'rows to show in text output', '50')
    .option('--json', 'print one JSON object')
    .action(async (config: string, file: string, _options: unknown, command: Command) => {
      const options = command.opts<
        ShowOptions & {
          yes?: boolean;
          decide?: string[];
          welcomeEmail: boolean;
          overrideSafeguard?: boolean;
        }
      >();
      await withStore(io, command, async (ctx) => {
        let run = await previewFile(ctx, io, config, file, options.welcomeEmail);
        const decisions = parseDecisions(options.decide ?? []);
        if (decisions.length > 0) run = await decideConflicts(ctx, run.id, decisions, CLI_ACTOR);
        if (options.overrideSafeguard === true) {
          run = await setRunOptions(ctx, run.id, { overrideSafeguard: true }, CLI_ACTOR);
        }
        const [blocker] = run.blockers;
        if (blocker !== undefined) {
          const hint =
            blocker.code === 'open-conflicts'
              ? ' (decide them with --decide <field>=source|destination)'
              : '';
          const message = `Not applied: ${blocker.message}${hint}.`;
          if (options.json === true) {
            await printRun(io, ctx, run, options, { code: blocker.code, message });
            refused(message);
          }
          await printRun(io, ctx, run, options);
          printRefusal(io, false, blocker.code, message);
        }
        if (options.yes !== true) {
          if (io.confirm === undefined) {
            printRefusal(
              io,
              options.json === true,
              'invalid-input',
              'Nobody can confirm here: add --yes to apply.',
            );
          }
          if (options.json === true) io.err(`${describeCounts(run.counts)}\n`);
          else await printRun(io, ctx, run, options);
          if (!(await io.confirm(`Apply run ${run.id} of "${run.configName}"?`))) {
            io.out(`Not applied. The preview stays in the history as run ${run.id}.\n`);
            return;
          }
        }
        const progress = progressLine(io);
        try {
          run = await applyRun(ctx, run.id, CLI_ACTOR, { onProgress: progress.listener });
        } finally {
          progress.finish();
        }
        await printRun(io, ctx, run, options);
      });
    });

  program
    .command('history')
    .description("a configuration's runs, newest first")
    .argument('<config>', 'the configuration name or id')
    .option('--json', 'print JSON')
    .action(async (config: string, _options: unknown, command: Command) => {
      await withStore(io, command, async (ctx) => {
        const runs = await runHistory(ctx, config, { limit: 1000 });
        if (wantsJson(command)) {
          io.out(`${JSON.stringify(runs)}\n`);
          return;
        }
        if (runs.length === 0) io.out('No runs yet.\n');
        for (const run of runs) {
          io.out(
            `${run.id}  ${run.createdAt}  ${run.status.padEnd(9)}  ${run.actor.name}  ${run.fileName}  ${describeCounts(run.counts)}\n`,
          );
        }
      });
    });

  program
    .command('results')
    .description('show a run: counts, rows, changes and errors')
    .argument('<runId>', 'the run id (see `usersync history`)')
    .addOption(classOption())
    .option('--limit <n>', 'rows to show in text output', '50')
    .option('--json', 'print one JSON object')
    .action(async (runId: string, _options: unknown, command: Command) => {
      await withStore(io, command, async (ctx) => {
        await printRun(io, ctx, await getRunView(ctx, runId), command.opts<ShowOptions>());
      });
    });

  program
    .command('export')
    .description("write a run's results workbook (.xlsx)")
    .argument('<runId>', 'the run id')
    .argument('<out.xlsx>', 'where to write the workbook')
    .option('--json', 'print {"runId","path"}')
    .action(async (runId: string, out: string, _options: unknown, command: Command) => {
      await withStore(io, command, async (ctx) => {
        const target = resolve(out);
        await exportRunResults(ctx, runId, target);
        printOutcome(io, command, `Wrote the results of run ${runId} to ${target}`, {
          runId,
          path: target,
        });
      });
    });
}
