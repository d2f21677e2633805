/**
 * Authentication for every API route that is not marked public: a bearer API token, else the
 * session cookie; a cookie-authenticated POST/PUT/PATCH/DELETE must also carry the session's
 * CSRF token in `x-csrf-token`. Only active administrators get through.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticateApiToken } from '../runs/access/api-tokens.js';
import { assertCsrfToken, resolveSession } from '../runs/access/sessions.js';
import { AppError } from '../runs/app-error.js';
import type { AppServices } from './app-services.js';
import { sessionIdOf } from './session-cookie.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a route needs credentials: API routes not marked public, outside the docs. */
export function isProtected(request: FastifyRequest): boolean {
  const url = request.routeOptions.url;
  if (!url?.startsWith('/api/')) return false;
  if (url === '/api/docs' || url.startsWith('/api/docs/')) return false;
  return request.routeOptions.config.public !== true;
}

function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (match?.[1] === undefined) {
    throw new AppError('unauthenticated', 'The Authorization header must be "Bearer <API token>".');
  }
  return match[1];
}

/** Installs the hook. */
export function installAuthHook(app: FastifyInstance, services: AppServices): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    if (!isProtected(request)) return;
    const bearer = bearerOf(request);
    if (bearer !== null) {
      const principal = await authenticateApiToken(services.access, bearer);
      if (principal === null) {
        throw new AppError(
          'unauthenticated',
          'The API token is unknown or revoked, or its administrator is no longer active.',
        );
      }
      request.principal = principal;
      request.log = request.log.child({ adminId: principal.user.id, tokenId: principal.tokenId });
      return;
    }
    const sessionId = sessionIdOf(request);
    const resolved = sessionId === null ? null : await resolveSession(services.access, sessionId);
    if (sessionId === null || resolved === null) {
      throw new AppError(
        'unauthenticated',
        'Sign in first (POST /api/session), or send an API token as "Authorization: Bearer …".',
      );
    }
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      assertCsrfToken(services.access, sessionId, typeof header === 'string' ? header : undefined);
    }
    request.principal = resolved.principal;
    request.log = request.log.child({ adminId: resolved.principal.user.id });
  });
}
