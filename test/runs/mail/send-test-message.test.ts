import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NOT_CONFIGURED_REASON } from '../../../src/mail/outbox-port.js';
import { sendTestMessage } from '../../../src/runs/mail/send-test-message.js';
import { openStore } from '../../../src/store/open-store.js';
import { parseMail, startSmtpServer } from '../../mail/smtp-test-server.js';
import { contextOf, mailSettings } from './mail-fixtures.js';

describe('sendTestMessage', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'usersync-test-message-'));
  const store = openStore({ dataDir });
  const ctx = contextOf(store);

  afterAll(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends a message at once and returns the server’s answer', async () => {
    const server = await startSmtpServer({ credentials: { user: 'mailer', pass: 's3cret' } });
    try {
      const result = await sendTestMessage(ctx, mailSettings(server.port), 'admin@acme.example');
      expect(result.status).toBe('sent');
      expect(result.message).toContain('250');
      const [received] = server.received;
      expect(received?.recipients).toEqual(['admin@acme.example']);
      const headers = parseMail(received?.raw ?? '').headers;
      expect(headers.get('from')).toBe('Acme Directory <usersync@acme.example>');
      expect(headers.get('subject')).toBe('Acme: usersync test message');
    } finally {
      await server.stop();
    }
  });

  it('reports the error when the server cannot be reached', async () => {
    const probe = await startSmtpServer();
    await probe.stop();
    const result = await sendTestMessage(ctx, mailSettings(probe.port), 'admin@acme.example', {
      connectionTimeoutMs: 1_000,
    });
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/ECONNREFUSED|connect/i);
  });

  it('says the message is held when no mail server is configured', async () => {
    expect(await sendTestMessage(ctx, mailSettings(null), 'admin@acme.example')).toEqual({
      status: 'held',
      message: NOT_CONFIGURED_REASON,
    });
  });

  it('refuses something that is not an address', async () => {
    await expect(sendTestMessage(ctx, mailSettings(null), 'admin')).rejects.toMatchObject({
      code: 'invalid-input',
    });
  });
});
