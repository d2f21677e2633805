import { afterEach, beforeEach, expect, test } from 'vitest';
import { AppError } from '../../../src/runs/app-error.js';
import { getMail, listMail } from '../../../src/runs/mail/mail-views.js';
import { startMailService } from '../../../src/runs/mail/mail-service.js';
import { resendWelcome, SUPERSEDED_REASON } from '../../../src/runs/mail/resend-welcome.js';
import { checkPasswordToken } from '../../../src/runs/mail/set-password.js';
import { NOT_CONFIGURED_REASON } from '../../../src/mail/outbox-port.js';
import { countRunMessages } from '../../../src/store/outbox-counts.js';
import { createUser, getUserByUserName } from '../../../src/store/users-repository.js';
import { aRow } from '../../builders/engine.js';
import { anActor, aUser } from '../../store/builders.js';
import { describeStore } from '../../store/store-targets.js';
import { parseMail, startSmtpServer, type TestSmtpServer } from '../../mail/smtp-test-server.js';
import { aClock, applyRows, contextOf, mailSettings, tokenIn } from './mail-fixtures.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function aServer(port?: number): Promise<TestSmtpServer> {
  const server = await startSmtpServer({
    credentials: { user: 'mailer', pass: 's3cret' },
    ...(port === undefined ? {} : { port }),
  });
  cleanups.push(() => server.stop());
  return server;
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describeStore('the mail service', ({ store, database }) => {
  const ctx = () => contextOf(store());

  beforeEach(async () => {
    await store().db.kysely.deleteFrom('outbox').execute();
  });

  test('with the SMTP server down the messages wait, and are delivered once it is back: none lost, none doubled', async () => {
    const probe = await startSmtpServer();
    const port = probe.port;
    await probe.stop();
    const clock = aClock(new Date(Date.now() + 1_000));
    const mail = startMailService(ctx(), mailSettings(port), {
      autoStart: false,
      connectionTimeoutMs: 1_000,
      now: clock.read,
      random: () => 0,
    });
    cleanups.push(() => mail.stop());
    const rows = Array.from({ length: 25 }, (_, i) => aRow(i + 2, `down.${String(i)}`));
    const runId = await applyRows(store(), rows);
    expect(await mail.drainOnce()).toMatchObject({ claimed: 25, sent: 0, retrying: 25 });
    const waiting = await listMail(ctx(), { runId, status: 'pending' });
    expect(waiting.total).toBe(25);
    expect(waiting.items[0]?.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(await countRunMessages(store().db, runId)).toEqual({
      sent: 0,
      failed: 0,
      waiting: 25,
      held: 0,
    });

    const server = await aServer(port);
    expect(await mail.drainOnce()).toMatchObject({ claimed: 0 }); // not due before the backoff
    clock.advance(61_000);
    expect(await mail.drainOnce()).toMatchObject({ claimed: 25, sent: 25 });
    clock.advance(24 * 60 * 60 * 1000);
    expect(await mail.drainOnce()).toMatchObject({ claimed: 0 });

    const delivered = server.received.flatMap((message) => message.recipients).sort();
    expect(delivered).toEqual(rows.map((row) => row.values.email).sort());
    const messageIds = server.received.map((m) => parseMail(m.raw).headers.get('message-id'));
    expect(new Set(messageIds).size).toBe(25);
    expect(await countRunMessages(store().db, runId)).toMatchObject({ sent: 25, waiting: 0 });
    const one = await getMail(ctx(), waiting.items[0]?.id ?? '');
    expect(one.attempts.map((attempt) => attempt.outcome)).toEqual(['failed', 'sent']);
  });

  test('without a mail server messages are held as "not sent: no mail server configured" and stay readable, with no working link', async () => {
    const mail = startMailService(ctx(), mailSettings(null), { autoStart: false });
    cleanups.push(() => mail.stop());
    const runId = await applyRows(store(), [aRow(2, 'held.user', { firstName: 'Hana' })]);
    expect(await mail.drainOnce()).toMatchObject({ held: 1, sent: 0 });
    const { items } = await listMail(ctx(), { runId });
    expect(items).toMatchObject([
      {
        status: 'held',
        lastError: NOT_CONFIGURED_REASON,
        attemptCount: 0,
        subject: 'Welcome to Acme: choose your password',
      },
    ]);
    const held = await getMail(ctx(), items[0]?.id ?? '');
    expect(held.text).toContain('Hello Hana');
    expect(held.text).toContain('held.user');
    expect(held.text).toContain('https://usersync.acme.example/set-password?token=redacted');
    expect(held.html).toContain('set-password?token=redacted');
    const user = await getUserByUserName(store().db, 'held.user');
    const tokens = await store()
      .db.kysely.selectFrom('password_tokens')
      .select('token_hash')
      .where('user_id', '=', user?.id ?? '')
      .execute();
    expect(tokens).toEqual([]);
  });

  test('the service sends as soon as it is woken after an apply, and stop waits for the sends in flight', async () => {
    const server = await aServer();
    const mail = startMailService(ctx(), mailSettings(server.port), { pollMs: 60_000 });
    let stopped = false;
    cleanups.push(async () => {
      if (!stopped) await mail.stop();
    });
    await new Promise((resolve) => setTimeout(resolve, 50)); // the first drain found nothing
    await applyRows(store(), [aRow(2, 'wake.one'), aRow(3, 'wake.two')]);
    mail.wake();
    await until(() => server.received.length === 2);
    const rows = Array.from({ length: 40 }, (_, i) => aRow(i + 2, `wake.more.${String(i)}`));
    await applyRows(store(), rows);
    mail.wake();
    await until(() => server.received.length > 2);
    await mail.stop(); // in the middle of the drain
    stopped = true;
    expect((await listMail(ctx(), { status: 'sending' })).total).toBe(0);
    expect((await listMail(ctx(), { status: 'sent' })).total).toBe(server.received.length);
  });

  test('two processes draining the same outbox at once deliver each message once', async () => {
    const server = await aServer();
    const other = database().open();
    cleanups.push(() => other.close());
    const settings = mailSettings(server.port);
    const here = startMailService(ctx(), settings, { autoStart: false });
    const there = startMailService(contextOf(other), settings, { autoStart: false });
    cleanups.push(() => here.stop());
    cleanups.push(() => there.stop());
    const rows = Array.from({ length: 60 }, (_, i) => aRow(i + 2, `twice.${String(i)}`));
    await applyRows(store(), rows);
    const reports = await Promise.all([here.drainOnce(), there.drainOnce()]);
    expect(reports.reduce((sum, report) => sum + report.sent, 0)).toBe(60);
    const delivered = server.received.flatMap((message) => message.recipients);
    expect(delivered).toHaveLength(60);
    expect(new Set(delivered).size).toBe(60);
  });

  test('resending a welcome e-mail sends a new link, which replaces the old one and any unsent message', async () => {
    const server = await aServer();
    const mail = startMailService(ctx(), mailSettings(server.port), { autoStart: false });
    cleanups.push(() => mail.stop());
    await applyRows(store(), [aRow(2, 'again.user')]);
    await mail.drainOnce();
    const user = await getUserByUserName(store().db, 'again.user');
    const first = tokenIn(server.received[0]?.raw ?? '');
    expect(await resendWelcome(ctx(), user?.id ?? '', anActor)).toEqual({ queued: true });
    expect(await resendWelcome(ctx(), user?.id ?? '', anActor)).toEqual({ queued: true });
    expect(await mail.drainOnce()).toMatchObject({ claimed: 1, sent: 1 });
    const second = tokenIn(server.received[1]?.raw ?? '');
    expect(await checkPasswordToken(ctx(), first)).toEqual({ usable: false });
    expect(await checkPasswordToken(ctx(), second)).toEqual({ usable: true });
    const failed = await listMail(ctx(), { status: 'failed' });
    expect(failed.items).toMatchObject([{ lastError: SUPERSEDED_REASON, runId: null }]);
  });

  test('resending refuses SSO users, inactive users and unknown users with a clear error', async () => {
    const sso = await createUser(store().db, aUser('refuse.sso', { authMethod: 'sso' }), anActor);
    const inactive = await createUser(
      store().db,
      aUser('refuse.off', { status: 'inactive' }),
      anActor,
    );
    const refusalOf = (id: string) =>
      resendWelcome(ctx(), id, anActor).then(
        () => null,
        (error: unknown) => error,
      );
    expect(await refusalOf(sso.id)).toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('SSO') as unknown,
    });
    expect(await refusalOf(inactive.id)).toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('inactive') as unknown,
    });
    expect(await refusalOf('no-such-id')).toBeInstanceOf(AppError);
    expect((await listMail(ctx())).total).toBe(0);
  });
});
