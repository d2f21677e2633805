/**
 * `usersync mail list|show` (issue 7): the outbox from the command line, so an administrator
 * without a mail server (the embedded default) can read the welcome e-mails, held as "not sent:
 * no mail server configured", and see every message's status and attempts.
 */
import type { Command } from 'commander';
import { AppError } from '../runs/app-error.js';
import { parseMailSettings } from '../mail/mail-settings.js';
import { getMail, listMail, type MailDetail, type MailView } from '../runs/mail/mail-views.js';
import { startMailService } from '../runs/mail/mail-service.js';
import { printOutcome, wantsJson, withStore } from './cli-context.js';
import type { CliIo } from './main.js';

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
 * `usersync mail show <id> [--json]` on the store the global `--data-dir` (or `DATABASE_URL`)
 * names. A refusal (an unknown status, no such message) prints why and exits 1.
 */
export function registerMailCommand(program: Command, io: CliIo): void {
  const mail = program
    .command('mail')
    .description('read the e-mail outbox: welcome e-mails, their status and attempts');

  mail
    .command('list')
    .description('list e-mails, newest first')
    .option('--run <id>', 'only the e-mails queued by this run')
    .option('--status <status>', 'pending, sending, sent, failed or held')
    .option('--limit <n>', 'at most this many (1–500)', '100')
    .option('--json', 'print one JSON object instead of text')
    .action(async (_options: unknown, command: Command) => {
      const opts = command.opts<{ run?: string; status?: string; limit: string }>();
      await withStore(io, command, async (ctx) => {
        const page = await listMail(ctx, {
          ...(opts.run === undefined ? {} : { runId: opts.run }),
          ...(opts.status === undefined ? {} : { status: opts.status }),
          limit: parseCount(opts.limit),
        });
        if (wantsJson(command)) {
          io.out(`${JSON.stringify(page)}\n`);
          return;
        }
        const lines = page.items.map(describeMessage);
        lines.push(`${String(page.items.length)} of ${String(page.total)} e-mail(s).`);
        io.out(`${lines.join('\n')}\n`);
      });
    });

  mail
    .command('show')
    .description('show one e-mail: its headers, status, attempts and text')
    .argument('<id>', 'the e-mail id (from mail list)')
    .option('--json', 'print one JSON object instead of text')
    .action(async (id: string, _options: unknown, command: Command) => {
      await withStore(io, command, async (ctx) => {
        const detail = await getMail(ctx, id);
        io.out(wantsJson(command) ? `${JSON.stringify(detail)}\n` : describeDetail(detail));
      });
    });

  mail
    .command('send')
    .description(
      'deliver the e-mails that are due now over SMTP_URL (the server does this by itself)',
    )
    .option('--json', 'print {"claimed","sent","retrying","failed","held"}')
    .action(async (_options: unknown, command: Command) => {
      const settings = parseMailSettings(process.env);
      await withStore(io, command, async (ctx) => {
        const service = startMailService(ctx, settings, { autoStart: false });
        try {
          const report = await service.drainOnce();
          printOutcome(
            io,
            command,
            `${String(report.sent)} sent, ${String(report.retrying)} to retry later, ${String(report.failed)} failed, ${String(report.held)} held (no mail server configured).`,
            report,
          );
        } finally {
          await service.stop();
        }
      });
    });
}
