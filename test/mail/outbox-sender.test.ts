import { afterEach, describe, expect, it } from 'vitest';
import { parseMailSettings, type MailSettings } from '../../src/mail/mail-settings.js';
import { formatMailbox } from '../../src/mail/message-id.js';
import { NOT_CONFIGURED_REASON, type OutboxPort } from '../../src/mail/outbox-port.js';
import { createOutboxSender, type OutboxSenderOptions } from '../../src/mail/outbox-sender.js';
import { newToken, tokenExpiry } from '../../src/mail/password-token.js';
import { renderWelcomeMessage } from '../../src/mail/welcome-message.js';
import { createMemoryOutbox, type MemoryOutbox } from './memory-outbox.js';
import { parseMail, startSmtpServer, type TestSmtpServer } from './smtp-test-server.js';

const T0 = new Date('2026-06-09T09:00:00.000Z');
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function aServer(
  options: Parameters<typeof startSmtpServer>[0] = {},
): Promise<TestSmtpServer> {
  const server = await startSmtpServer(options);
  cleanups.push(() => server.stop());
  return server;
}

function settingsFor(port: number, credentials = 'mailer:s3cret'): MailSettings {
  return parseMailSettings({
    SMTP_URL: `smtp://${credentials}@127.0.0.1:${String(port)}`,
    MAIL_FROM: 'Acme Directory <usersync@acme.example>',
    ORGANISATION_NAME: 'Acme',
    PUBLIC_URL: 'https://usersync.acme.example',
  });
}

/** A sender whose clock the test moves; jitter off (random = 0 gives the full delay). */
function aSender(
  outbox: OutboxPort,
  settings: MailSettings,
  clock: { now: Date },
  options: Partial<OutboxSenderOptions> = {},
): ReturnType<typeof createOutboxSender> {
  const sender = createOutboxSender({
    port: outbox,
    settings,
    now: () => clock.now,
    random: () => 0,
    connectionTimeoutMs: 2_000,
    ...options,
  });
  cleanups.push(() => sender.stop());
  return sender;
}

function fill(outbox: MemoryOutbox, count: number, prefix = 'm'): void {
  for (let i = 0; i < count; i += 1) {
    const id = `${prefix}-${String(i).padStart(5, '0')}`;
    outbox.enqueue({ id, recipient: `user${String(i)}@acme.example`, at: T0 });
  }
}

function messageIdsOf(server: TestSmtpServer): string[] {
  return server.received.map((mail) => parseMail(mail.raw).headers.get('message-id') ?? '');
}

describe('outbox sender over a real SMTP server on loopback', () => {
  it('delivers the welcome e-mail with From, To, Subject, the row’s Message-ID, text and HTML parts and the link, and no password', async () => {
    const server = await aServer({ credentials: { user: 'mailer', pass: 's3cret' } });
    const settings = settingsFor(server.port);
    const outbox = createMemoryOutbox();
    const { token } = newToken();
    const message = renderWelcomeMessage({
      organisationName: settings.organisationName,
      publicUrl: settings.publicUrl,
      recipient: {
        firstName: 'Zoë',
        lastName: "O'Brien <Ops>",
        userName: 'zobrien',
        email: 'zoe@acme.example',
      },
      token,
      now: T0,
      expiresAt: tokenExpiry(T0),
    });
    outbox.enqueue({
      id: 'welcome-1',
      recipient: formatMailbox({ name: "Zoë O'Brien", address: 'zoe@acme.example' }),
      ...message,
      at: T0,
    });
    const report = await aSender(outbox, settings, { now: T0 }).drain();

    expect(report).toEqual({ claimed: 1, sent: 1, retrying: 0, failed: 0, held: 0 });
    expect(server.received).toHaveLength(1);
    const [received] = server.received;
    expect(received?.user).toBe('mailer');
    expect(received?.recipients).toEqual(['zoe@acme.example']);
    const mail = parseMail(received?.raw ?? '');
    expect(mail.headers.get('from')).toBe('Acme Directory <usersync@acme.example>');
    expect(mail.headers.get('to')).toContain('<zoe@acme.example>');
    expect(mail.headers.get('subject')).toBe('Welcome to Acme: choose your password');
    expect(mail.headers.get('message-id')).toBe('<welcome-1@acme.example>');
    expect(outbox.rows.get('welcome-1')?.messageId).toBe('<welcome-1@acme.example>');
    const text = mail.parts.find((part) => part.contentType.startsWith('text/plain'))?.body ?? '';
    const html = mail.parts.find((part) => part.contentType.startsWith('text/html'))?.body ?? '';
    const link = `https://usersync.acme.example/set-password?token=${token}`;
    expect(text).toContain(link);
    expect(text).toContain('zobrien');
    expect(text).toContain('expires in 7 days, on Tuesday');
    expect(text).toContain('16 June 2026 at 09:00 (UTC)');
    expect(html).toContain(`href="${link}"`);
    expect(html).toContain('O&#39;Brien &lt;Ops&gt;');
    expect(html).not.toContain('<Ops>');
    expect(received?.raw.toLowerCase()).not.toContain('s3cret');
    expect(text.toLowerCase()).not.toMatch(/password:/);
    expect(outbox.rows.get('welcome-1')?.status).toBe('sent');
  });

  it('keeps messages waiting with a recorded failed attempt while the server is down, then delivers each exactly once', async () => {
    const first = await startSmtpServer();
    const port = first.port;
    await first.stop();
    const settings = settingsFor(port, 'anyone:anything');
    const outbox = createMemoryOutbox();
    fill(outbox, 25);
    const clock = { now: T0 };
    const sender = aSender(outbox, settings, clock);

    const down = await sender.drain();
    expect(down).toMatchObject({ claimed: 25, sent: 0, retrying: 25 });
    for (const row of outbox.rows.values()) {
      expect(row.status).toBe('pending');
      expect(row.attempts).toBe(1);
      expect(row.lastError).toMatch(/ECONNECTION|ECONNREFUSED/);
      expect(row.nextAttemptAt).toEqual(new Date(T0.getTime() + 60_000));
      expect(row.log).toEqual([expect.objectContaining({ attempt: 1, outcome: 'failed' })]);
    }
    expect(await sender.drain()).toMatchObject({ claimed: 0 });

    const server = await aServer({ port });
    clock.now = new Date(T0.getTime() + 30_000);
    expect(await sender.drain()).toMatchObject({ claimed: 0 });
    clock.now = new Date(T0.getTime() + 60_000);
    expect(await sender.drain()).toMatchObject({ claimed: 25, sent: 25 });
    expect(await sender.drain()).toMatchObject({ claimed: 0 });

    const ids = messageIdsOf(server);
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
    expect(outbox.withStatus('sent')).toHaveLength(25);
    expect(outbox.rows.get('m-00000')?.log.map((entry) => entry.outcome)).toEqual([
      'failed',
      'sent',
    ]);
  });

  it('fails a message for good after the last attempt', async () => {
    const gone = await startSmtpServer();
    await gone.stop();
    const outbox = createMemoryOutbox();
    fill(outbox, 1);
    const clock = { now: T0 };
    const sender = aSender(outbox, settingsFor(gone.port), clock, {
      backoff: { baseMs: 1_000, factor: 2, maxMs: 10_000, jitter: 0, maxAttempts: 3 },
    });
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await sender.drain();
      clock.now = new Date(clock.now.getTime() + 60_000);
    }
    const row = outbox.rows.get('m-00000');
    expect(row?.status).toBe('failed');
    expect(row?.attempts).toBe(3);
    expect(row?.nextAttemptAt).toBeNull();
  });

  it('fails a message for good at once when the server refuses the recipient (5xx)', async () => {
    const server = await aServer({ refuse: (address) => address.startsWith('nobody') });
    const outbox = createMemoryOutbox();
    outbox.enqueue({ id: 'bad', recipient: 'nobody@acme.example', at: T0 });
    outbox.enqueue({ id: 'good', recipient: 'somebody@acme.example', at: T0 });
    const report = await aSender(outbox, settingsFor(server.port), { now: T0 }).drain();

    expect(report).toMatchObject({ sent: 1, failed: 1, retrying: 0 });
    expect(outbox.rows.get('bad')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(outbox.rows.get('bad')?.lastError).toMatch(/550/);
    expect(server.received.map((mail) => mail.recipients)).toEqual([['somebody@acme.example']]);
  });

  it('holds messages as "not sent: no mail server configured" when SMTP_URL is not set', async () => {
    const settings = parseMailSettings({});
    const outbox = createMemoryOutbox();
    fill(outbox, 3);
    const report = await aSender(outbox, settings, { now: T0 }).drain();

    expect(report).toEqual({ claimed: 0, sent: 0, retrying: 0, failed: 0, held: 3 });
    for (const row of outbox.rows.values()) {
      expect(row).toMatchObject({ status: 'held', attempts: 0, lastError: NOT_CONFIGURED_REASON });
    }
    expect(NOT_CONFIGURED_REASON).toBe('not sent: no mail server configured');
  });

  it('sends again with the same Message-ID when the process died between sending and marking sent', async () => {
    const server = await aServer();
    const outbox = createMemoryOutbox();
    fill(outbox, 1);
    const clock = { now: T0 };
    const dying: OutboxPort = {
      ...outbox,
      claimDue: (request) => outbox.claimDue(request),
      markSent: () => Promise.reject(new Error('process died')),
    };
    await expect(aSender(dying, settingsFor(server.port), clock).drain()).rejects.toThrow(
      'process died',
    );
    expect(outbox.rows.get('m-00000')?.status).toBe('sending');

    const restarted = aSender(outbox, settingsFor(server.port), clock, { leaseMs: 60_000 });
    expect(await restarted.drain()).toMatchObject({ claimed: 0 });
    clock.now = new Date(T0.getTime() + 15 * 60_000);
    expect(await restarted.drain()).toMatchObject({ claimed: 1, sent: 1 });
    expect(messageIdsOf(server)).toEqual(['<m-00000@acme.example>', '<m-00000@acme.example>']);
  });

  it('renders a row queued without content at each attempt, through `prepare`', async () => {
    const server = await aServer();
    const outbox = createMemoryOutbox();
    outbox.enqueue({
      id: 'w1',
      kind: 'welcome',
      userId: 'u1',
      recipient: 'jane@acme.example',
      subject: null,
      text: null,
      html: null,
      at: T0,
    });
    outbox.enqueue({ id: 'w2', recipient: 'x@acme.example', subject: null, at: T0 });
    const prepared: string[] = [];
    const sender = aSender(
      outbox,
      settingsFor(server.port),
      { now: T0 },
      {
        prepare: (message) => {
          prepared.push(`${message.kind}:${message.userId ?? ''}`);
          if (message.id === 'w2') return Promise.reject(new Error('user gone'));
          return Promise.resolve({
            subject: 'Hi',
            text: 'Rendered now',
            html: '<p>Rendered now</p>',
          });
        },
      },
    );
    expect(await sender.drain()).toMatchObject({ sent: 1, retrying: 1 });
    expect(prepared.sort()).toEqual(['test:', 'welcome:u1']);
    expect(parseMail(server.received[0]?.raw ?? '').parts.map((part) => part.body)).toEqual([
      'Rendered now',
      '<p>Rendered now</p>',
    ]);
    expect(outbox.rows.get('w2')?.lastError).toBe('could not render the message: user gone');
  });

  it('fails a row without content for good when there is no renderer', async () => {
    const server = await aServer();
    const outbox = createMemoryOutbox();
    outbox.enqueue({ id: 'empty', recipient: 'x@acme.example', html: null, at: T0 });
    expect(await aSender(outbox, settingsFor(server.port), { now: T0 }).drain()).toMatchObject({
      failed: 1,
    });
    expect(server.received).toHaveLength(0);
  });

  it('drains 2,000 messages with no more than `concurrency` in flight, each delivered once', async () => {
    const server = await aServer();
    const outbox = createMemoryOutbox();
    fill(outbox, 2_000);
    const started = Date.now();
    const report = await aSender(
      outbox,
      settingsFor(server.port),
      { now: T0 },
      { concurrency: 4 },
    ).drain();

    expect(report).toMatchObject({ claimed: 2_000, sent: 2_000 });
    expect(server.peakConcurrentData()).toBeLessThanOrEqual(4);
    expect(server.peakConnections()).toBeLessThanOrEqual(4);
    expect(server.peakConcurrentData()).toBeGreaterThan(1);
    expect(new Set(messageIdsOf(server)).size).toBe(2_000);
    expect(server.received).toHaveLength(2_000);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('never delivers a message twice when two senders drain the same outbox at once', async () => {
    const server = await aServer();
    const outbox = createMemoryOutbox();
    fill(outbox, 300);
    const settings = settingsFor(server.port);
    const [a, b] = await Promise.all([
      aSender(outbox, settings, { now: T0 }, { concurrency: 3, batchSize: 7 }).drain(),
      aSender(outbox, settings, { now: T0 }, { concurrency: 3, batchSize: 5 }).drain(),
    ]);

    expect(a.sent + b.sent).toBe(300);
    expect(a.sent).toBeGreaterThan(0);
    expect(b.sent).toBeGreaterThan(0);
    expect(new Set(messageIdsOf(server)).size).toBe(300);
    expect(server.received).toHaveLength(300);
  });

  it('sends what a run queued when woken, once started', async () => {
    const server = await aServer();
    const outbox = createMemoryOutbox();
    const sender = aSender(
      outbox,
      settingsFor(server.port),
      { now: T0 },
      { pollIntervalMs: 60_000 },
    );
    sender.start();
    fill(outbox, 5);
    sender.wake();
    await expect.poll(() => server.received.length, { timeout: 5_000 }).toBe(5);
    await sender.stop();
    expect(outbox.withStatus('sent')).toHaveLength(5);
  });
});
