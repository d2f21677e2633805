/**
 * The HTTP tests' harness (fastify/demo's `test/helper.ts`): `describeHttp` builds the real
 * application on a fresh, migrated database per suite — SQLite always, PostgreSQL too when
 * TEST_DATABASE_URL is set — and helpers sign in the way a browser or a script would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe } from 'vitest';
import { buildApp, type App, type AppDeps } from '../../src/http/app.js';
import { parseServerConfig } from '../../src/http/server-config.js';
import type { Store } from '../../src/store/open-store.js';
import { STORE_TARGETS, type FreshDatabase } from '../store/store-targets.js';

/** The first administrator of every suite. */
export const ADMIN = Object.freeze({
  userName: 'ada.admin',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Admin',
  password: 'correct horse battery staple 42',
});

/** What a suite body gets. */
export interface HttpContext {
  readonly app: () => App;
  readonly store: () => Store;
  readonly dataDir: () => string;
}

/** Options of a suite's application. */
export type HttpOptions = Partial<Omit<AppDeps, 'store' | 'config'>> & {
  /** Environment variables for the server configuration. */
  readonly env?: Readonly<Record<string, string>>;
  /** Only SQLite (for suites where the database does not matter). */
  readonly sqliteOnly?: boolean;
};

/** Declares `body` once per database, each with its own application. */
export function describeHttp(
  title: string,
  body: (context: HttpContext) => void,
  options: HttpOptions = {},
): void {
  const targets = options.sqliteOnly === true ? STORE_TARGETS.slice(0, 1) : STORE_TARGETS;
  for (const target of targets) {
    const skipped = target.skipped === null ? '' : ` (skipped: ${target.skipped})`;
    describe.skipIf(target.skipped !== null)(`${title} [${target.name}]${skipped}`, () => {
      let database: FreshDatabase | null = null;
      let store: Store | null = null;
      let app: App | null = null;
      const dataDir = mkdtempSync(join(tmpdir(), 'usersync-http-'));
      beforeAll(async () => {
        database = await target.create();
        store = database.open();
        await store.migrate();
        const config = parseServerConfig({ USERSYNC_DATA_DIR: dataDir, ...options.env });
        app = await buildApp({ sessionSecret: 'a'.repeat(64), ...options, store, config });
        await app.ready();
      });
      afterAll(async () => {
        await app?.close();
        await store?.close();
        await database?.drop();
        rmSync(dataDir, { recursive: true, force: true });
      });
      body({
        app: () => required(app, 'app'),
        store: () => required(store, 'store'),
        dataDir: () => dataDir,
      });
    });
  }
}

function required<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`the ${what} is not ready yet`);
  return value;
}

/** A browser's credentials: the session cookie and the CSRF token. */
export interface BrowserSession {
  readonly cookie: string;
  readonly csrfToken: string;
}

/** The `usersync_session=…` pair a response set, or null. */
export function sessionCookieOf(response: LightMyRequestResponse): string | null {
  const cookie = response.cookies.find((candidate) => candidate.name === 'usersync_session');
  return cookie === undefined ? null : `usersync_session=${cookie.value}`;
}

/** Headers of a cookie-authenticated mutation. */
export function asBrowser(session: BrowserSession): Record<string, string> {
  return { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
}

/** Headers of a token-authenticated request. */
export function asToken(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

function browserSessionOf(response: LightMyRequestResponse): BrowserSession {
  const cookie = sessionCookieOf(response);
  const body = response.json<{ csrfToken: string }>();
  if (cookie === null)
    throw new Error(`no session cookie: ${response.statusCode} ${response.body}`);
  return { cookie, csrfToken: body.csrfToken };
}

/** Creates the first administrator (if needed) and returns a signed-in browser session. */
export async function adminSession(app: App): Promise<BrowserSession> {
  const setup = await app.inject({ method: 'POST', url: '/api/setup', payload: ADMIN });
  if (setup.statusCode === 201) return browserSessionOf(setup);
  return signIn(app, ADMIN.userName, ADMIN.password);
}

/** Signs in; throws unless it succeeds. */
export async function signIn(app: App, login: string, password: string): Promise<BrowserSession> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { login, password },
  });
  return browserSessionOf(response);
}

/** Creates an API token as the first administrator and returns it. */
export async function adminToken(app: App, name = 'tests'): Promise<string> {
  const session = await adminSession(app);
  const response = await app.inject({
    method: 'POST',
    url: '/api/tokens',
    headers: asBrowser(session),
    payload: { name },
  });
  return response.json<{ token: string }>().token;
}
