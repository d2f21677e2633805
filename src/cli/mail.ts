/**
 * `usersync mail list|show` (issue 7): the outbox from the command line, so an administrator
 * without a mail server (the embedded default) can read the welcome e-mails, held as "not sent:
 * no mail server configured", and see every message's status and attempts.
 */
import { type Command, CommanderError } from 'commander';
import { AppError } from '../runs/app-error.js';
import { getMail, listMail, type MailDetail, type MailView } from '../runs/mail/mail-views.js';
import type { RunsContext } from '../runs/runs-context.js';
import { openStore } from '../store/open-store.js';
import { ExitCode, type CliIo } from './main.js';

/** The environment variables the command reads. */
export type MailCliEnv = Readonly<Record<string, string | undefined>>;

interface StoreOptions {
  readonly dataDir?: string;
}

/**
 * Opens (and migrates) the store the way every command does: `DATABASE_URL` selects PostgreSQL;
 * otherwise SQLite in `--data-dir`, else `USERSYNC_DATA_DIR`, else `./data`.
 */
async function withContext<T>(
  options: StoreOptions,
  env: MailCliEnv,
  fn: (ctx: RunsContext) => Promise<T>,
): Promise<T> {
  const blank = (value: string | undefined) =>
    value === undefined || value.trim() === '' ? undefined : value;
  const store = openStore({
    databaseUrl: blank(env.DATABASE_URL),
    dataDir: blank(options.dataDir) ?? blank(env.USERSYNC_DATA_DIR) ?? './data',
  });
  try {
    await store.migrate();
    return await fn({ store });
  } finally {
    await store.close();
  }
}

/** Prints an expected refusal and ends the command with exit code 1. */
function refuse(io: CliIo, error: AppError, json: boolean): never {
  if (json) io.out(`${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`);
  else io.err(`${error.message}\n`);
  throw new CommanderError(ExitCode.refused, 'usersync.refused', error.message);
}

async function runAction(io: CliIo, json: boolean, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (error instanceof AppError) refuse(io, error, json);
    throw error;
  }
}

function parseCount(value: string): number {
  const count = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(count)) {
    throw new AppError('invalid-input', `"${value}" is not a whole number.`);
  }
  return count;
}

function describeMessage(item: MailView): string {
  const what = item.subject ?? `(${item.kind}, rendered when sent)`;
  const when = item.sentAt ?? item.createdAt;
  const note = item.lastError === null ? '' : `  — ${item.lastError}`;
  return `${item.id}  ${item.status.padEnd(7)}  ${when}  ${item.recipient}  ${what}  [attempts: ${String(item.attemptCount)}]${note}`;
}

function describeDetail(mail: MailDetail): string {
  const lines = [
    `Id:          ${mail.id}`,
    `Kind:        ${mail.kind}`,
    `Status:      ${mail.status}${mail.lastError === null ? '' : ` (${mail.lastError})`}`,
    `To:          ${mail.recipient}`,
    `Subject:     ${mail.subject ?? '(rendered when sent)'}`,
    `Message-ID:  ${mail.messageId}`,
    `Run:         ${mail.runId ?? '(none)'}`,
    `Queued:      ${mail.createdAt}`,
    `Sent:        ${mail.sentAt ?? '(not sent)'}`,
    `Next:        ${mail.nextAttemptAt ?? '(none)'}`,
    `Attempts:    ${String(mail.attemptCount)}`,
    ...mail.attempts.map(
      (attempt) =>
        `  #${String(attempt.attempt)} ${attempt.at} ${attempt.outcome}: ${attempt.detail}`,
    ),
    '',
    mail.text ?? '(no content yet: a welcome e-mail is rendered, with a new link, when it is sent)',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Registers `usersync mail list [--run <id>] [--status <s>] [--limit <n>] [--json]` and
 * `usersync mail show <id> [--json]`. A refusal (an unknown status, no such message) prints
 * why and exits 1.
 */
export function registerMailCommand(
  program: Command,
  io: CliIo,
  env: MailCliEnv = process.env,
): void {
  const mail = program
    .command('mail')
    .description('read the e-mail outbox: welcome e-mails, their status and attempts')
    .option('--data-dir <dir>', 'the data directory (default: $USERSYNC_DATA_DIR, else ./data)');

  mail
    .command('list')
    .description('list e-mails, newest first')
    .option('--run <id>', 'only the e-mails queued by this run')
    .option('--status <status>', 'pending, sending, sent, failed or held')
    .option('--limit <n>', 'at most this many (1–500)', '100')
    .option('--json', 'print one JSON object instead of text')
    .action(async (_options: unknown, command: Command) => {
      const opts = command.optsWithGlobals<{
        dataDir?: string;
        run?: string;
        status?: string;
        limit: string;
        json?: boolean;
      }>();
      const json = opts.json === true;
      await runAction(io, json, () =>
        withContext(opts, env, async (ctx) => {
          const page = await listMail(ctx, {
            ...(opts.run === undefined ? {} : { runId: opts.run }),
            ...(opts.status === undefined ? {} : { status: opts.status }),
            limit: parseCount(opts.limit),
          });
          if (json) {
            io.out(`${JSON.stringify(page)}\n`);
            return;
          }
          const lines = page.items.map(describeMessage);
          lines.push(`${String(page.items.length)} of ${String(page.total)} e-mail(s).`);
          io.out(`${lines.join('\n')}\n`);
        }),
      );
    });

  mail
    .command('show')
    .description('show one e-mail: its headers, status, attempts and text')
    .argument('<id>', 'the e-mail id (from mail list)')
    .option('--json', 'print one JSON object instead of text')
    .action(async (id: string, _options: unknown, command: Command) => {
      const opts = command.optsWithGlobals<{ dataDir?: string; json?: boolean }>();
      const json = opts.json === true;
      await runAction(io, json, () =>
        withContext(opts, env, async (ctx) => {
          const detail = await getMail(ctx, id);
          io.out(json ? `${JSON.stringify(detail)}\n` : describeDetail(detail));
        }),
      );
    });
}
