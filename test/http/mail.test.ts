import { afterAll, beforeAll, expect, test } from 'vitest';
import { startMailService, type MailService } from '../../src/runs/mail/mail-service.js';
import { UNUSABLE_LINK_MESSAGE } from '../../src/runs/mail/set-password.js';
import { startSmtpServer, type TestSmtpServer } from '../mail/smtp-test-server.js';
import { mailSettings, tokenIn } from '../runs/mail/mail-fixtures.js';
import { adminToken, asToken, describeHttp } from './http-app.js';
import { aRow, previewRows, waitForJob } from './http-requests.js';

let woken = 0;

describeHttp(
  'HTTP: the outbox, resending a welcome e-mail, and setting a password with its link',
  ({ app, store }) => {
    let smtp: TestSmtpServer;
    let mail: MailService;
    beforeAll(async () => {
      smtp = await startSmtpServer();
      mail = startMailService({ store: store() }, mailSettings(smtp.port), { autoStart: false });
    });
    afterAll(async () => {
      await mail.stop();
      await smtp.stop();
    });

    const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      app().inject({
        method,
        url,
        headers: asToken(await adminToken(app())),
        ...(payload === undefined ? {} : { payload }),
      });
    /** Creates a configuration with the welcome e-mail on, previews and applies `rows`. */
    const applyWithWelcome = async (name: string, rows: Record<string, string>[]) => {
      const token = await adminToken(app());
      const config = await call('POST', '/api/configs', { name, sendWelcomeEmail: true });
      expect(config.statusCode).toBe(201);
      const runId = await previewRows(app(), token, config.json<{ id: string }>().id, rows);
      const started = await call('POST', `/api/runs/${runId}/apply`);
      expect(started.statusCode).toBe(202);
      const job = await waitForJob(app(), token, started.json<{ jobId: string }>().jobId);
      expect(job.state).toBe('done');
      return runId;
    };
    const passwordStatus = async (token: string) =>
      (
        await app().inject({ url: `/api/password/status?token=${encodeURIComponent(token)}` })
      ).json<{ usable: boolean }>().usable;
    const setPassword = (token: string, password: string) =>
      app().inject({ method: 'POST', url: '/api/password', payload: { token, password } });

    test('an applied run’s welcome e-mail is listed, delivered, and its link sets the password once, signed out', async () => {
      const before = woken;
      const runId = await applyWithWelcome('Welcome', [aRow('wendy')]);
      expect(woken, 'the apply wakes the mail service').toBeGreaterThan(before);

      const listed = await call('GET', `/api/mail?runId=${runId}`);
      expect(listed.statusCode).toBe(200);
      const page = listed.json<{ total: number; items: { id: string; status: string }[] }>();
      expect(page.total).toBe(1);
      expect(page.items[0]).toMatchObject({ recipient: 'wendy@example.com', status: 'pending' });

      await mail.drainOnce();
      expect(smtp.received.map((message) => message.recipients)).toEqual([['wendy@example.com']]);
      const id = page.items[0]?.id ?? '';
      const shown = (await call('GET', `/api/mail/${id}`)).json<{
        status: string;
        text: string;
        attempts: { outcome: string }[];
      }>();
      expect(shown.status).toBe('sent');
      expect(shown.attempts.map((attempt) => attempt.outcome)).toEqual(['sent']);
      expect(shown.text, 'the stored copy never keeps a usable link').toContain('token=redacted');

      const token = tokenIn(smtp.received[0]?.raw ?? '');
      expect(await passwordStatus(token)).toBe(true);
      const weak = await setPassword(token, 'short');
      expect(weak.statusCode).toBe(400);
      expect(weak.json()).toMatchObject({ error: { details: { field: 'password' } } });
      expect(await passwordStatus(token), 'a refused password leaves the link usable').toBe(true);

      expect((await setPassword(token, 'a long and unusual passphrase 93')).statusCode).toBe(204);
      expect(await passwordStatus(token)).toBe(false);
      const again = await setPassword(token, 'another long passphrase 1234');
      expect(again.statusCode).toBe(400);
      expect(again.json()).toMatchObject({ error: { message: UNUSABLE_LINK_MESSAGE } });
      const user = (await call('GET', '/api/users/wendy')).json<{ hasPassword: boolean }>();
      expect(user.hasPassword).toBe(true);
    });

    test('an unknown token gets the same answer as a used one, and an unknown e-mail is 404', async () => {
      expect(await passwordStatus('not-a-token')).toBe(false);
      const unknown = await setPassword('A'.repeat(43), 'a long and unusual passphrase 93');
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json()).toMatchObject({ error: { message: UNUSABLE_LINK_MESSAGE } });
      const missing = await call('GET', '/api/mail/00000000-0000-7000-8000-000000000000');
      expect(missing.statusCode).toBe(404);
    });

    test('resending a welcome e-mail queues a new message with a new link, replacing the old one; SSO and inactive users are refused', async () => {
      const sso = await call('PUT', '/api/settings', { ssoDomains: ['sso.example'] });
      expect(sso.statusCode).toBe(200);
      await applyWithWelcome('Resend', [
        aRow('rita'),
        aRow('ivy'),
        aRow('sam', { email: 'sam@sso.example' }),
      ]);
      await mail.drainOnce();
      const first = smtp.received.find((message) =>
        message.recipients.includes('rita@example.com'),
      );
      const oldToken = tokenIn(first?.raw ?? '');

      const before = woken;
      const resent = await call('POST', '/api/users/rita/welcome');
      expect(resent.statusCode).toBe(202);
      expect(woken).toBeGreaterThan(before);
      await mail.drainOnce();
      const latest = smtp.received.filter((message) =>
        message.recipients.includes('rita@example.com'),
      );
      expect(latest).toHaveLength(2);
      const newToken = tokenIn(latest[1]?.raw ?? '');
      expect(newToken).not.toBe(oldToken);
      expect(await passwordStatus(oldToken), 'the new link replaces the old one').toBe(false);
      expect(await passwordStatus(newToken)).toBe(true);

      const ssoUser = await call('POST', '/api/users/sam/welcome');
      expect(ssoUser.statusCode).toBe(400);
      expect(ssoUser.json<{ error: { message: string } }>().error.message).toContain('SSO');
      await call('POST', '/api/users/ivy/deactivate');
      const inactive = await call('POST', '/api/users/ivy/welcome');
      expect(inactive.statusCode).toBe(400);
      expect(inactive.json<{ error: { message: string } }>().error.message).toContain(
        'activate the user',
      );
      expect((await call('POST', '/api/users/nobody/welcome')).statusCode).toBe(404);
    });

    test('without a mail server, a test message is held and the settings say so without secrets', async () => {
      const held = await call('POST', '/api/mail/test', { to: 'admin@example.com' });
      expect(held.json()).toEqual({
        status: 'held',
        message: 'not sent: no mail server configured',
      });
      const invalid = await call('POST', '/api/mail/test', { to: 'not an address' });
      expect(invalid.statusCode).toBe(400);
      const settings = (await call('GET', '/api/mail/settings')).json<Record<string, unknown>>();
      expect(settings).toMatchObject({ delivery: 'not configured: messages are held' });
      expect(settings.setPasswordLinkDays).toBe(7);
    });

    test('the set-password routes are rate limited per address with the one error shape', async () => {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 25; attempt += 1) {
        const response = await app().inject({
          url: '/api/password/status?token=x',
          remoteAddress: '203.0.113.9',
        });
        statuses.push(response.statusCode);
        if (response.statusCode === 429) {
          expect(response.json()).toMatchObject({ error: { code: 'rate-limited' } });
          break;
        }
      }
      expect(statuses.filter((status) => status === 200)).toHaveLength(20);
      expect(statuses.at(-1)).toBe(429);
    });
  },
  {
    wakeMail: () => {
      woken += 1;
    },
  },
);
