import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailService } from '../runs/mail/mail-service.js';
import { openStore } from '../store/open-store.js';
import { startSmtpServer, type TestSmtpServer } from '../../test/mail/smtp-test-server.js';
import { aRow } from '../../test/builders/engine.js';
import { applyRows, contextOf, mailSettings } from '../../test/runs/mail/mail-fixtures.js';
import { main, type CliIo } from './main.js';

function capture(): CliIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (text) => (out += text),
    err: (text) => (err += text),
    stdout: () => out,
    stderr: () => err,
  };
}

describe('usersync mail', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'usersync-mail-cli-'));
  let runId = '';

  beforeAll(async () => {
    const store = openStore({ dataDir });
    await store.migrate();
    runId = await applyRows(store, [aRow(2, 'cli.one', { firstName: 'Ona' }), aRow(3, 'cli.two')]);
    const mail = startMailService(contextOf(store), mailSettings(null), { autoStart: false });
    await mail.drainOnce();
    await mail.stop();
    await store.close();
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the e-mails held without a mail server, as JSON', async () => {
    const io = capture();
    const code = await main(['--data-dir', dataDir, 'mail', 'list', '--run', runId, '--json'], io);
    expect(code).toBe(0);
    const page = JSON.parse(io.stdout()) as { total: number; items: { status: string }[] };
    expect(page.total).toBe(2);
    expect(page.items.map((item) => item.status)).toEqual(['held', 'held']);
  });

  it('shows a held welcome e-mail with its text and the reason it is held', async () => {
    const list = capture();
    await main(['--data-dir', dataDir, 'mail', 'list', '--status', 'held', '--json'], list);
    const { items } = JSON.parse(list.stdout()) as { items: { id: string; recipient: string }[] };
    const one = items.find((item) => item.recipient === 'cli.one@example.com');
    const io = capture();
    expect(await main(['--data-dir', dataDir, 'mail', 'show', one?.id ?? ''], io)).toBe(0);
    expect(io.stdout()).toContain('Status:      held (not sent: no mail server configured)');
    expect(io.stdout()).toContain('Hello Ona');
    expect(io.stdout()).toContain('set-password?token=redacted');
  });

  it('lists in text with a count line', async () => {
    const io = capture();
    expect(await main(['--data-dir', dataDir, 'mail', 'list'], io)).toBe(0);
    expect(io.stdout()).toContain('2 of 2 e-mail(s).');
  });

  it('exits 1 for an unknown status or message, and 2 for a missing argument', async () => {
    const status = capture();
    expect(await main(['--data-dir', dataDir, 'mail', 'list', '--status', 'lost'], status)).toBe(1);
    expect(status.stderr()).toContain('unknown status "lost"');
    const missing = capture();
    expect(await main(['--data-dir', dataDir, 'mail', 'show', 'nope', '--json'], missing)).toBe(1);
    expect(JSON.parse(missing.stdout())).toMatchObject({ error: { code: 'not-found' } });
    expect(await main(['--data-dir', dataDir, 'mail', 'show'], capture())).toBe(2);
  });
});

describe('usersync mail send', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'usersync-mail-send-'));
  let smtp: TestSmtpServer;
  const saved = { ...process.env };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    const store = openStore({ dataDir });
    await store.migrate();
    await applyRows(store, [aRow(2, 'send.one'), aRow(3, 'send.two')]);
    await store.close();
  });

  afterAll(async () => {
    process.env = saved;
    await smtp.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers the due welcome e-mails of a run applied from the command line, once', async () => {
    process.env.SMTP_URL = `smtp://127.0.0.1:${String(smtp.port)}`;
    const io = capture();
    process.env.MAIL_FROM = 'usersync@acme.example';
    expect(await main(['--data-dir', dataDir, 'mail', 'send', '--json'], io)).toBe(0);
    expect(JSON.parse(io.stdout())).toMatchObject({ claimed: 2, sent: 2, failed: 0, held: 0 });
    expect(smtp.received.flatMap((message) => message.recipients).sort()).toEqual([
      'send.one@example.com',
      'send.two@example.com',
    ]);
    const again = capture();
    expect(await main(['--data-dir', dataDir, 'mail', 'send'], again)).toBe(0);
    expect(again.stdout()).toContain('0 sent');
    expect(smtp.received).toHaveLength(2);
  });

  it('a wrong SMTP_URL is refused naming the variable, with exit 1', async () => {
    process.env.SMTP_URL = 'http://mail.example';
    const io = capture();
    expect(await main(['--data-dir', dataDir, 'mail', 'send'], io)).toBe(1);
    expect(io.stderr()).toMatch(/^usersync: Invalid mail settings: SMTP_URL: /);
  });
});
