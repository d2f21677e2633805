import { expect, test } from 'vitest';
import { listApiTokens } from '../../src/store/api-tokens-repository.js';
import { getUserByUserName } from '../../src/store/users-repository.js';
import {
  ADMIN,
  adminSession,
  asBrowser,
  asToken,
  describeHttp,
  sessionCookieOf,
  signIn,
} from './http-app.js';

describeHttp('HTTP: setup, sessions, CSRF and API tokens', ({ app, store }) => {
  test('setup is needed on a fresh database and creates the first admin with a hashed password', async () => {
    expect((await app().inject({ url: '/api/setup' })).json()).toEqual({ needed: true });
    const response = await app().inject({ method: 'POST', url: '/api/setup', payload: ADMIN });
    expect(response.statusCode).toBe(201);
    const body = response.json<{ user: { role: string; status: string }; csrfToken: string }>();
    expect(body.user.role).toBe('admin');
    expect(body.user.status).toBe('active');
    expect(body.csrfToken).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(body)).not.toContain(ADMIN.password);
    const hash = await store()
      .db.kysely.selectFrom('users')
      .select('password_hash')
      .where('user_name', '=', ADMIN.userName)
      .executeTakeFirstOrThrow();
    expect(hash.password_hash).toMatch(/^\$argon2id\$/);
  });

  test('setup answers 404 once an administrator exists', async () => {
    await adminSession(app());
    expect((await app().inject({ url: '/api/setup' })).json()).toEqual({ needed: false });
    const again = await app().inject({
      method: 'POST',
      url: '/api/setup',
      payload: { ...ADMIN, userName: 'mallory', email: 'mallory@example.com' },
    });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ error: { code: 'not-found' } });
  });

  test('the session cookie is HttpOnly and SameSite=Lax, and not Secure on http', async () => {
    const response = await app().inject({
      method: 'POST',
      url: '/api/session',
      payload: { login: ADMIN.userName, password: ADMIN.password },
    });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'usersync_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();
  });

  test('an administrator signs in with the e-mail address too, in any case', async () => {
    const session = await signIn(app(), ADMIN.email.toUpperCase(), ADMIN.password);
    const me = await app().inject({ url: '/api/session', headers: { cookie: session.cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      user: { fields: { userName: ADMIN.userName } },
      csrfToken: session.csrfToken,
    });
  });

  test('a wrong password and an unknown login get the same generic 401', async () => {
    const wrong = await app().inject({
      method: 'POST',
      url: '/api/session',
      payload: { login: ADMIN.userName, password: 'not the password at all' },
    });
    const unknown = await app().inject({
      method: 'POST',
      url: '/api/session',
      payload: { login: 'nobody', password: 'not the password at all' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(sessionCookieOf(wrong)).toBeNull();
  });

  test('signing in rotates the session: the old cookie stops working', async () => {
    const first = await signIn(app(), ADMIN.userName, ADMIN.password);
    const response = await app().inject({
      method: 'POST',
      url: '/api/session',
      headers: { cookie: first.cookie },
      payload: { login: ADMIN.userName, password: ADMIN.password },
    });
    const second = sessionCookieOf(response);
    expect(second).not.toBeNull();
    expect(second).not.toBe(first.cookie);
    const old = await app().inject({ url: '/api/session', headers: { cookie: first.cookie } });
    expect(old.statusCode).toBe(401);
  });

  test('the session id is stored only as a hash', async () => {
    const session = await signIn(app(), ADMIN.userName, ADMIN.password);
    const raw = session.cookie.split('=')[1] ?? '';
    const rows = await store().db.kysely.selectFrom('sessions').selectAll().execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(raw);
    expect(JSON.stringify(rows)).not.toContain(session.csrfToken);
  });

  test('a cookie-authenticated mutation without x-csrf-token is refused with 403', async () => {
    const session = await signIn(app(), ADMIN.userName, ADMIN.password);
    const missing = await app().inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie: session.cookie },
      payload: { name: 'no csrf' },
    });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect(missing.json<{ error: { message: string } }>().error.message).toContain('x-csrf-token');
    const wrong = await app().inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie: session.cookie, 'x-csrf-token': 'f'.repeat(64) },
      payload: { name: 'wrong csrf' },
    });
    expect(wrong.statusCode).toBe(403);
  });

  test('a CSRF token of another session is refused', async () => {
    const one = await signIn(app(), ADMIN.userName, ADMIN.password);
    const two = await signIn(app(), ADMIN.userName, ADMIN.password);
    const response = await app().inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie: one.cookie, 'x-csrf-token': two.csrfToken },
      payload: { name: 'crossed' },
    });
    expect(response.statusCode).toBe(403);
  });

  test('signing out ends the session and clears the cookie', async () => {
    const session = await signIn(app(), ADMIN.userName, ADMIN.password);
    const out = await app().inject({
      method: 'DELETE',
      url: '/api/session',
      headers: asBrowser(session),
    });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'usersync_session')?.value).toBe('');
    const after = await app().inject({ url: '/api/session', headers: { cookie: session.cookie } });
    expect(after.statusCode).toBe(401);
  });

  test('an API token is shown once, stored only hashed, and needs no CSRF token', async () => {
    const session = await signIn(app(), ADMIN.userName, ADMIN.password);
    const created = await app().inject({
      method: 'POST',
      url: '/api/tokens',
      headers: asBrowser(session),
      payload: { name: 'nightly import' },
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json<{ token: string; id: string }>();
    expect(token).toMatch(/^usy_[A-Za-z0-9_-]{43}$/);
    const stored = await store().db.kysely.selectFrom('api_tokens').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(token);
    const viaToken = await app().inject({
      method: 'POST',
      url: '/api/tokens',
      headers: asToken(token),
      payload: { name: 'made by a script' },
    });
    expect(viaToken.statusCode).toBe(201);
    const listed = await app().inject({ url: '/api/tokens', headers: asToken(token) });
    const item = listed
      .json<{ items: { id: string; lastUsedAt: string | null; token?: string }[] }>()
      .items.find((candidate) => candidate.id === id);
    expect(item?.lastUsedAt).not.toBeNull();
    expect(item?.token).toBeUndefined();
    expect((await listApiTokens(store().db)).length).toBeGreaterThanOrEqual(2);
  });

  test('a revoked API token is refused with 401, and revoking twice is 404', async () => {
    const session = await signIn(app(), ADMIN.userName, ADMIN.password);
    const created = await app().inject({
      method: 'POST',
      url: '/api/tokens',
      headers: asBrowser(session),
      payload: { name: 'short-lived' },
    });
    const { token, id } = created.json<{ token: string; id: string }>();
    const revoke = () =>
      app().inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: asBrowser(session) });
    expect((await revoke()).statusCode).toBe(204);
    expect((await revoke()).statusCode).toBe(404);
    const refused = await app().inject({ url: '/api/session', headers: asToken(token) });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  test('an unknown or malformed bearer token is refused with 401', async () => {
    const unknown = await app().inject({ url: '/api/tokens', headers: asToken('usy_nope') });
    expect(unknown.statusCode).toBe(401);
    const malformed = await app().inject({
      url: '/api/tokens',
      headers: { authorization: 'Basic abc' },
    });
    expect(malformed.statusCode).toBe(401);
  });

  test('a sign-in body that does not match the schema is a 400 naming the field', async () => {
    const response = await app().inject({
      method: 'POST',
      url: '/api/session',
      payload: { login: ADMIN.userName },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json<{
      error: { code: string; details: { fields: { field: string }[] } };
    }>();
    expect(body.error.code).toBe('invalid-input');
    expect(body.error.details.fields.map((f) => f.field)).toContain('body.password');
  });

  test('only an active administrator may sign in: a deactivated one gets the generic 401', async () => {
    const admin = await getUserByUserName(store().db, ADMIN.userName);
    expect(admin?.role).toBe('admin');
    const session = await signIn(app(), ADMIN.userName, ADMIN.password);
    await store()
      .db.kysely.updateTable('users')
      .set({ status: 'inactive' })
      .where('user_name', '=', ADMIN.userName)
      .execute();
    try {
      const me = await app().inject({ url: '/api/session', headers: { cookie: session.cookie } });
      expect(me.statusCode).toBe(401);
      const again = await app().inject({
        method: 'POST',
        url: '/api/session',
        payload: { login: ADMIN.userName, password: ADMIN.password },
      });
      expect(again.statusCode).toBe(401);
    } finally {
      await store()
        .db.kysely.updateTable('users')
        .set({ status: 'active' })
        .where('user_name', '=', ADMIN.userName)
        .execute();
    }
  });
});

describeHttp(
  'HTTP: sign-in throttling',
  ({ app }) => {
    test('five failed sign-ins lock the login with 429, Retry-After and a clear message', async () => {
      await adminSession(app());
      const attempt = (password: string) =>
        app().inject({
          method: 'POST',
          url: '/api/session',
          payload: { login: ADMIN.userName, password },
        });
      for (let i = 0; i < 5; i += 1) {
        expect((await attempt(`wrong password ${i}`)).statusCode).toBe(401);
      }
      const locked = await attempt(ADMIN.password);
      expect(locked.statusCode).toBe(429);
      expect(locked.headers['retry-after']).toBe('30');
      expect(locked.json()).toMatchObject({
        error: { code: 'rate-limited', details: { retryAfterSeconds: 30 } },
      });
      expect(locked.json<{ error: { message: string } }>().error.message).toMatch(
        /Too many failed sign-ins\. Wait 30 seconds/,
      );
    });
  },
  { sqliteOnly: true },
);

describeHttp(
  'HTTP: cookies behind https',
  ({ app }) => {
    test('the session cookie is Secure when PUBLIC_URL is https', async () => {
      const response = await app().inject({ method: 'POST', url: '/api/setup', payload: ADMIN });
      const cookie = response.cookies.find((c) => c.name === 'usersync_session');
      expect(cookie?.secure).toBe(true);
      expect(response.headers['strict-transport-security']).toContain('max-age=31536000');
    });
  },
  { sqliteOnly: true, env: { PUBLIC_URL: 'https://usersync.example.com' } },
);
