import { expect, test } from 'vitest';
import type { RouteOptions } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import { parseServerConfig } from '../../src/http/server-config.js';
import { describeHttp } from './http-app.js';

/** The routes anyone may call: sign in, setup, set password, health, readiness, OpenAPI, docs. */
const PUBLIC = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /api/openapi.json',
  'GET /api/setup',
  'POST /api/setup',
  'POST /api/session',
  'POST /api/password',
  'GET /api/password/status',
  'GET /',
]);

function isPublic(method: string, url: string): boolean {
  return PUBLIC.has(`${method} ${url}`) || url === '/api/docs' || url.startsWith('/api/docs/');
}

describeHttp(
  'HTTP: every route needs credentials unless it is public',
  ({ store, dataDir }) => {
    test('every registered route but the public ones answers 401 without credentials', async () => {
      const routes: { method: string; url: string }[] = [];
      const app = await buildApp({
        store: store(),
        config: parseServerConfig({ USERSYNC_DATA_DIR: dataDir() }),
        sessionSecret: 'b'.repeat(64),
        onRoute: (route: RouteOptions) => {
          const methods = Array.isArray(route.method) ? route.method : [route.method];
          for (const method of methods) routes.push({ method, url: route.url });
        },
      });
      await app.ready();
      try {
        expect(routes.length).toBeGreaterThan(10);
        const checked: string[] = [];
        for (const { method, url } of routes) {
          if (method === 'HEAD' || isPublic(method, url)) continue;
          const concrete = url.replace(/:[A-Za-z]+/g, '00000000-0000-7000-8000-000000000000');
          const response = await app.inject({ method: method as 'GET', url: concrete });
          expect(`${method} ${url} → ${response.statusCode}`).toBe(`${method} ${url} → 401`);
          expect(response.json()).toMatchObject({ error: { code: 'unauthenticated' } });
          checked.push(`${method} ${url}`);
        }
        expect(checked).toContain('GET /api/session');
        expect(checked).toContain('POST /api/tokens');
      } finally {
        await app.close();
      }
    });
  },
  { sqliteOnly: true },
);
