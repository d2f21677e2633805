/**
 * Serves the built web UI (web/dist, made by Vite) at `/`, with the SPA fallback: a GET for a
 * path that is not a file and not under /api, /healthz or /readyz answers index.html, so
 * client-side routes like /set-password?token=… load the app. Without a build, `/` answers a
 * short page pointing at the API reference.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './error-body.js';
import { UI_CSP } from './security-headers.js';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>usersync</title></head>
<body><h1>usersync</h1>
<p>The web UI is not built (there is no web/dist). Run <code>npm run build</code>, or use the API:
see the <a href="/api/docs">API reference</a>.</p></body></html>
`;

function isApiPath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return ['/api', '/healthz', '/readyz'].some(
    (prefix) => path === prefix || path.startsWith(`${prefix}/`),
  );
}

/** Registers the UI (or its placeholder) and the not-found handler. */
export async function registerWebUi(app: FastifyInstance, distDir: string | null) {
  const indexPath = distDir === null ? null : join(distDir, 'index.html');
  const indexHtml = indexPath !== null && existsSync(indexPath) ? readFileSync(indexPath) : null;
  const sendIndex = (reply: FastifyReply) =>
    reply
      .header('content-security-policy', UI_CSP)
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(indexHtml ?? NOT_BUILT_PAGE);

  if (distDir !== null && indexHtml !== null) {
    await app.register(fastifyStatic, {
      root: distDir,
      prefix: '/',
      wildcard: false,
      index: false,
      setHeaders(res, path) {
        if (path.includes(join(distDir, 'assets'))) {
          void res.header('cache-control', 'public, max-age=31536000, immutable');
        }
      },
    });
  }
  app.get('/', { config: { public: true }, schema: { hide: true } }, (_request, reply) =>
    sendIndex(reply),
  );
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    if ((request.method === 'GET' || request.method === 'HEAD') && !isApiPath(request.url)) {
      if (indexHtml !== null) return sendIndex(reply);
    }
    return reply
      .code(404)
      .send(
        errorBody(
          'not-found',
          `There is no route ${request.method} ${request.url.split('?')[0] ?? ''}.`,
        ),
      );
  });
}
