/**
 * The session cookie: `usersync_session`, HttpOnly (scripts cannot read it), SameSite=Lax (not
 * sent on cross-site POSTs), Secure when PUBLIC_URL is https, for the whole site.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IssuedSession } from '../runs/access/sessions.js';

/** The cookie's name. */
export const SESSION_COOKIE = 'usersync_session';

/** The session id the browser sent, or null. */
export function sessionIdOf(request: FastifyRequest): string | null {
  const value = request.cookies[SESSION_COOKIE];
  return value === undefined || value === '' ? null : value;
}

/** Sets the cookie for a new session. */
export function setSessionCookie(reply: FastifyReply, session: IssuedSession, secure: boolean) {
  void reply.setCookie(SESSION_COOKIE, session.sessionId, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    expires: new Date(session.expiresAt),
  });
}

/** Removes the cookie (sign out). */
export function clearSessionCookie(reply: FastifyReply, secure: boolean) {
  void reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}
