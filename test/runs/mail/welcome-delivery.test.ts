import { afterEach, beforeEach, expect, test } from 'vitest';
import { AppError } from '../../../src/runs/app-error.js';
import { getMail, listMail } from '../../../src/runs/mail/mail-views.js';
import { startMailService, type MailService } from '../../../src/runs/mail/mail-service.js';
import {
  checkPasswordToken,
  setPasswordWithToken,
  UNUSABLE_LINK_MESSAGE,
} from '../../../src/runs/mail/set-password.js';
import { hashToken } from '../../../src/mail/password-token.js';
import { getPasswordToken } from '../../../src/store/password-tokens-repository.js';
import { createUser, getUserByUserName } from '../../../src/store/users-repository.js';
import { aRow } from '../../builders/engine.js';
import { anActor, aUser } from '../../store/builders.js';
import { describeStore } from '../../store/store-targets.js';
import { parseMail, startSmtpServer, type TestSmtpServer } from '../../mail/smtp-test-server.js';
import { applyRows, contextOf, mailSettings, tokenIn } from './mail-fixtures.js';

const DAY = 24 * 60 * 60 * 1000;
const GOOD_PASSWORD = 'violet staircase morning 42';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function aServer(): Promise<TestSmtpServer> {
  const server = await startSmtpServer({ credentials: { user: 'mailer', pass: 's3cret' } });
  cleanups.push(() => server.stop());
  return server;
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describeStore('welcome e-mails delivered over SMTP', ({ store }) => {
  let server: TestSmtpServer;
  let mail: MailService;
  const ctx = () => contextOf(store());

  beforeEach(async () => {
    await store().db.kysely.deleteFrom('outbox').execute();
    server = await aServer();
    mail = startMailService(ctx(), mailSettings(server.port), {
      autoStart: false,
      connectionTimeoutMs: 2_000,
    });
    cleanups.push(() => mail.stop());
  });

  test('only users created by the run, active, with a password get a welcome e-mail', async () => {
    await createUser(store().db, aUser('only.old'), anActor);
    await createUser(store().db, aUser('only.back', { status: 'inactive' }), anActor);
    await applyRows(
      store(),
      [
        aRow(2, 'only.new', { active: 'true' }),
        aRow(3, 'only.sleepy', { active: 'false' }),
        aRow(4, 'only.sso', { email: 'only.sso@corp.example', active: 'true' }),
        aRow(5, 'only.old', { title: 'Changed', active: 'true' }),
        aRow(6, 'only.back', { active: 'true' }),
      ],
      { settings: { ssoDomains: ['corp.example'], seatLimit: null } },
    );
    expect((await getUserByUserName(store().db, 'only.back'))?.status).toBe('active');
    expect(await mail.drainOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(server.received.map((message) => message.recipients)).toEqual([
      ['only.new@example.com'],
    ]);
  });

  test('the message has From, To, Subject, a stable Message-ID, text and HTML parts with the link, and no password', async () => {
    const runId = await applyRows(store(), [
      aRow(2, 'head.jane', { firstName: 'Jane', lastName: 'Doe' }),
    ]);
    await mail.drainOnce();
    const [received] = server.received;
    if (received === undefined) throw new Error('nothing delivered');
    const { headers, parts } = parseMail(received.raw);
    const [stored] = (await listMail(ctx(), { runId })).items;
    expect(headers.get('from')).toBe('Acme Directory <usersync@acme.example>');
    expect(headers.get('to')).toBe('head.jane@example.com');
    expect(headers.get('subject')).toBe('Welcome to Acme: choose your password');
    expect(headers.get('message-id')).toBe(`<${stored?.id ?? ''}@acme.example>`);
    expect(stored).toMatchObject({ status: 'sent', messageId: headers.get('message-id') });
    expect(parts.map((part) => part.contentType.split(';')[0])).toEqual([
      'text/plain',
      'text/html',
    ]);
    const token = tokenIn(received.raw);
    for (const part of parts) {
      expect(part.body).toContain('Jane Doe');
      expect(part.body).toContain('head.jane');
      expect(part.body).toContain('Acme');
      expect(part.body).toContain(`https://usersync.acme.example/set-password?token=${token}`);
      expect(part.body).toContain('expires in 7 days');
      expect(part.body).not.toMatch(/password:/i);
    }
    const user = await getUserByUserName(store().db, 'head.jane');
    const row = await getPasswordToken(store().db, hashToken(token));
    expect(row?.userId).toBe(user?.id);
    const kept = await getMail(ctx(), stored?.id ?? '');
    expect(kept.text).toContain('set-password?token=redacted');
    expect(kept.text).not.toContain(token);
    expect(kept.attempts).toMatchObject([{ attempt: 1, outcome: 'sent' }]);
  });

  test('the link sets the password once and then refuses with the generic message', async () => {
    await applyRows(store(), [aRow(2, 'once.user')]);
    await mail.drainOnce();
    const token = tokenIn(server.received[0]?.raw ?? '');
    expect(await checkPasswordToken(ctx(), token)).toEqual({ usable: true });
    await setPasswordWithToken(ctx(), token, GOOD_PASSWORD);
    expect((await getUserByUserName(store().db, 'once.user'))?.hasPassword).toBe(true);
    expect(await checkPasswordToken(ctx(), token)).toEqual({ usable: false });
    const again = await refusal(setPasswordWithToken(ctx(), token, 'another fine passphrase'));
    expect(again).toMatchObject({ code: 'invalid-input', message: UNUSABLE_LINK_MESSAGE });
  });

  test('an expired link refuses with the same message as an unknown one', async () => {
    await applyRows(store(), [aRow(2, 'late.user')]);
    await mail.drainOnce();
    const token = tokenIn(server.received[0]?.raw ?? '');
    const sixDays = new Date(Date.now() + 6 * DAY);
    const eightDays = new Date(Date.now() + 8 * DAY);
    expect(await checkPasswordToken(ctx(), token, sixDays)).toEqual({ usable: true });
    expect(await checkPasswordToken(ctx(), token, eightDays)).toEqual({ usable: false });
    const expired = await refusal(setPasswordWithToken(ctx(), token, GOOD_PASSWORD, eightDays));
    const unknown = await refusal(setPasswordWithToken(ctx(), 'A'.repeat(43), GOOD_PASSWORD));
    const garbage = await refusal(setPasswordWithToken(ctx(), 'nope', GOOD_PASSWORD));
    for (const error of [expired, unknown, garbage]) {
      expect(error).toMatchObject({ code: 'invalid-input', message: UNUSABLE_LINK_MESSAGE });
    }
    expect((await getUserByUserName(store().db, 'late.user'))?.hasPassword).toBe(false);
  });

  test('the link lasts SET_PASSWORD_LINK_DAYS, and the message says so', async () => {
    const shortLived = startMailService(ctx(), mailSettings(server.port, 1), { autoStart: false });
    cleanups.push(() => shortLived.stop());
    await applyRows(store(), [aRow(2, 'days.user')]);
    await shortLived.drainOnce();
    const raw = server.received[0]?.raw ?? '';
    expect(parseMail(raw).parts[0]?.body).toContain('expires in 1 day');
    const token = tokenIn(raw);
    const hours = (count: number) => new Date(Date.now() + count * 60 * 60 * 1000);
    expect(await checkPasswordToken(ctx(), token, hours(23))).toEqual({ usable: true });
    expect(await checkPasswordToken(ctx(), token, hours(25))).toEqual({ usable: false });
  });

  test('a password breaking the policy is refused with every problem, and the link still works', async () => {
    await applyRows(store(), [aRow(2, 'policy.user')]);
    await mail.drainOnce();
    const token = tokenIn(server.received[0]?.raw ?? '');
    const short = await refusal(setPasswordWithToken(ctx(), token, 'short'));
    expect(short.details).toMatchObject({ field: 'password' });
    expect(short.message).toContain('at least 12 characters');
    const named = await refusal(setPasswordWithToken(ctx(), token, 'policy.user-2026!!'));
    expect(JSON.stringify(named.details)).toContain('contains-user-name');
    const common = await refusal(setPasswordWithToken(ctx(), token, 'password1234'));
    expect(JSON.stringify(common.details)).toContain('common');
    expect(await checkPasswordToken(ctx(), token)).toEqual({ usable: true });
    await setPasswordWithToken(ctx(), token, GOOD_PASSWORD);
  });

  test('a copy sent again after a crash before marking has the same Message-ID, and either link works once', async () => {
    await applyRows(store(), [aRow(2, 'crash.user')]);
    await mail.drainOnce();
    // The state a process leaves when it dies after the server accepted the message and before
    // it marked the row sent: still `sending` with no content kept, its lease run out.
    await store()
      .db.kysely.updateTable('outbox')
      .set({
        status: 'sending',
        next_attempt_at: new Date(Date.now() - 1000).toISOString(),
        sent_at: null,
        subject: null,
        text_body: null,
        html_body: null,
      })
      .execute();
    expect(await mail.drainOnce()).toMatchObject({ claimed: 1, sent: 1 });
    const [first, second] = server.received.map((message) => message.raw);
    const ids = [first, second].map((raw) => parseMail(raw ?? '').headers.get('message-id'));
    expect(ids[0]).toBe(ids[1]);
    const tokens = [tokenIn(first ?? ''), tokenIn(second ?? '')];
    expect(tokens[0]).not.toBe(tokens[1]);
    for (const token of tokens)
      expect(await checkPasswordToken(ctx(), token)).toEqual({ usable: true });
    await setPasswordWithToken(ctx(), tokens[0] ?? '', GOOD_PASSWORD);
    expect(await checkPasswordToken(ctx(), tokens[1] ?? '')).toEqual({ usable: false });
  });
});
