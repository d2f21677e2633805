import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseServerConfig, ServerConfigError } from '../../src/http/server-config.js';
import { resolveSessionSecret } from '../../src/http/session-secret.js';
import { adminToken, asToken, describeHttp } from './http-app.js';

describeHttp('HTTP: health, readiness, OpenAPI and security headers', ({ app }) => {
  test('/healthz answers ok and /readyz answers ready when the database answers', async () => {
    expect((await app().inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await app().inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready' });
  });

  test('every response carries a strict Content-Security-Policy and a request id', async () => {
    const response = await app().inject({ url: '/api/setup' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('the OpenAPI document is public and describes the routes with their schemas', async () => {
    const response = await app().inject({ url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<{
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    }>();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/session', '/api/setup', '/api/tokens', '/api/jobs/{jobId}']),
    );
    expect(Object.keys(document.components.schemas).join(' ')).toContain('UserView');
  });

  test('the API reference at /api/docs is public, with its own policy allowing its styles', async () => {
    const page = await app().inject({ url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(String(page.headers['content-security-policy'])).toContain(
      "style-src 'self' 'unsafe-inline'",
    );
  });

  test('without a built UI, / says so and points at /api/docs', async () => {
    const page = await app().inject({ url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('not built');
    expect(page.body).toContain('/api/docs');
  });

  test('an unknown API route is a JSON 404 in the error shape', async () => {
    const token = await adminToken(app());
    const response = await app().inject({ url: '/api/nothing-here', headers: asToken(token) });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'not-found', details: {} } });
  });

  test('a body that is not JSON is a 400 in the error shape', async () => {
    const response = await app().inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'application/json' },
      payload: '{"login":',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'invalid-input' } });
  });

  test('a body of a type the route does not read is a 415 in the error shape', async () => {
    const response = await app().inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'application/xml' },
      payload: '<login/>',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ error: { code: 'unsupported-media-type' } });
  });

  test('the audit log lists token creation, newest first, with the total', async () => {
    const token = await adminToken(app(), 'audited');
    const response = await app().inject({ url: '/api/audit?limit=5', headers: asToken(token) });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ total: number; items: { action: string }[] }>();
    expect(body.total).toBeGreaterThanOrEqual(2);
    expect(body.items[0]?.action).toBe('token.create');
    const bad = await app().inject({ url: '/api/audit?limit=0', headers: asToken(token) });
    expect(bad.statusCode).toBe(400);
  });
});

const webDist = mkdtempSync(join(tmpdir(), 'usersync-web-'));
mkdirSync(join(webDist, 'assets'));
writeFileSync(join(webDist, 'index.html'), '<!doctype html><div id="root"></div>');
writeFileSync(join(webDist, 'assets', 'app.js'), 'console.log(1)');
afterAll(() => {
  rmSync(webDist, { recursive: true, force: true });
});

describeHttp(
  'HTTP: the built web UI',
  ({ app }) => {
    test('the UI is served at / and its files as static assets', async () => {
      const index = await app().inject({ url: '/' });
      expect(index.body).toContain('id="root"');
      const asset = await app().inject({ url: '/assets/app.js' });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['cache-control']).toContain('immutable');
    });

    test('client-side routes fall back to index.html, API paths do not', async () => {
      const route = await app().inject({ url: '/set-password?token=abc' });
      expect(route.statusCode).toBe(200);
      expect(route.body).toContain('id="root"');
      const api = await app().inject({ url: '/api/unknown' });
      expect(api.statusCode).toBe(404);
      expect(api.json()).toMatchObject({ error: { code: 'not-found' } });
    });
  },
  { sqliteOnly: true, webDistDir: webDist },
);

describe('server configuration', () => {
  test('defaults: port 3000 on 127.0.0.1, ./data, SQLite, no limits overridden', () => {
    const config = parseServerConfig({}, '/srv/usersync');
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: '/srv/usersync/data',
      databaseUrl: undefined,
      publicUrl: 'http://localhost:3000',
      secureCookies: false,
    });
    expect(config.readLimits).toEqual({});
    expect(parseServerConfig({ USERSYNC_MAX_UPLOAD_MIB: '5' }).readLimits).toEqual({
      maxUploadBytes: 5 * 1024 * 1024,
    });
  });

  test('a wrong variable stops start-up with a message naming it', () => {
    expect(() => parseServerConfig({ PORT: 'eighty' })).toThrow(/PORT must be a whole number/);
    expect(() => parseServerConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => parseServerConfig({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET/);
    expect(() => parseServerConfig({ PUBLIC_URL: 'ftp://x' })).toThrow(ServerConfigError);
    expect(() => parseServerConfig({ PUBLIC_URL: 'ftp://x' })).toThrow(/PUBLIC_URL/);
  });

  test('the session secret is generated once into the data directory with mode 0600', () => {
    const dir = mkdtempSync(join(tmpdir(), 'usersync-secret-'));
    try {
      const first = resolveSessionSecret(undefined, dir);
      expect(first).toMatch(/^[0-9a-f]{64}$/);
      expect(resolveSessionSecret(undefined, dir)).toBe(first);
      expect(statSync(join(dir, 'session-secret')).mode & 0o777).toBe(0o600);
      expect(resolveSessionSecret('given'.repeat(8), dir)).toBe('given'.repeat(8));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
