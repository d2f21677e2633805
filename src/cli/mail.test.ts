import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailService } from '../runs/mail/mail-service.js';
import { openStore } from '../store/open-store.js';
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
