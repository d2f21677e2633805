import { afterEach, expect, test } from 'vitest';
import { applyRun } from '../../../src/runs/apply-run.js';
import { previewRun } from '../../../src/runs/preview-run.js';
import { startMailService, type MailService } from '../../../src/runs/mail/mail-service.js';
import { setPasswordWithToken } from '../../../src/runs/mail/set-password.js';
import type { RunsContext } from '../../../src/runs/runs-context.js';
import { getUserByUserName } from '../../../src/store/users-repository.js';
import { describeStore } from '../../store/store-targets.js';
import { startSmtpServer } from '../../mail/smtp-test-server.js';
import { aRow as aCsvRow, writeCsv } from '../csv-file.js';
import { aConfiguration, admin, previewRows } from '../run-cases.js';
import { mailSettings, tokenIn } from './mail-fixtures.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describeStore('from a run to the inbox', ({ store }) => {
  test('applying a run wakes the mail service through onApplied; the per-run toggle wins over the configuration', async () => {
    const server = await startSmtpServer({ credentials: { user: 'mailer', pass: 's3cret' } });
    cleanups.push(() => server.stop());
    let mail: MailService | null = null;
    const ctx: RunsContext = { store: store(), onApplied: () => mail?.wake() };
    mail = startMailService(ctx, mailSettings(server.port), { pollMs: 60_000 });
    const service = mail;
    cleanups.push(() => service.stop());

    await aConfiguration(ctx, 'Inbox weekly', { sendWelcomeEmail: false });
    const quiet = await previewRows(ctx, 'Inbox weekly', [aCsvRow('inbox.quiet')]);
    await applyRun(ctx, quiet.id, admin);
    const loud = await previewRun(ctx, {
      config: 'Inbox weekly',
      filePath: writeCsv([aCsvRow('inbox.loud')]),
      fileName: 'users.csv',
      actor: admin,
      sendWelcomeEmail: true,
    });
    expect(loud.sendWelcomeEmail).toBe(true);
    const applied = await applyRun(ctx, loud.id, admin);
    expect(applied.emails.queued).toBe(1);

    await until(() => server.received.length === 1);
    expect(server.received[0]?.recipients).toEqual(['inbox.loud@example.com']);
    await setPasswordWithToken(
      ctx,
      tokenIn(server.received[0]?.raw ?? ''),
      'amber lantern river 7',
    );
    expect((await getUserByUserName(store().db, 'inbox.loud'))?.hasPassword).toBe(true);
    expect((await getUserByUserName(store().db, 'inbox.quiet'))?.hasPassword).toBe(false);
  });
});
