/**
 * Browser sessions. The cookie holds a random session id; the store keeps only its keyed hash.
 * The CSRF token is derived from the session id (HMAC under the session secret), so it can be
 * handed out again by `GET /api/session` without being stored; the store keeps its hash, and a
 * mutation must present it. Sessions expire after 8 hours without use and 7 days after sign-in,
 * whichever comes first; signing in replaces the session the browser had (rotation).
 */
import {
  createSession,
  deleteSession,
  findSession,
  touchSession,
} from '../../store/sessions-repository.js';
import { getUserById } from '../../store/users-repository.js';
import { AppError } from '../app-error.js';
import { mayUseApi, nowOf, type AccessContext, type Principal } from './access-context.js';
import { isSameDigest, keyedHash, newSecret, sha256Hex } from './secret-token.js';

/** A session ends after this long without a request. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/** A session ends this long after sign-in, however active. */
export const SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000;
/** Activity is recorded at most this often, to spare the database a write per request. */
const TOUCH_INTERVAL_MS = 60 * 1000;

/** A session as handed to the browser: the raw id goes in the cookie, never in the store. */
export interface IssuedSession {
  /** The cookie value. */
  readonly sessionId: string;
  /** The token mutations send in `x-csrf-token`. */
  readonly csrfToken: string;
  /** ISO 8601 UTC; the cookie's expiry. */
  readonly expiresAt: string;
}

/** A session found from its cookie. */
export interface ResolvedSession {
  readonly principal: Principal;
  readonly csrfToken: string;
}

function sessionHash(ctx: AccessContext, sessionId: string): string {
  return keyedHash(ctx.sessionSecret, 'session', sessionId);
}

/** The CSRF token of a session: derived from its id, so it needs no storage of its own. */
export function sessionCsrfToken(ctx: AccessContext, sessionId: string): string {
  return keyedHash(ctx.sessionSecret, 'csrf', sessionId);
}

/**
 * Opens a session for a user who just proved who they are, ending `replacing` (the session id
 * the browser presented, if any) so that an id planted before sign-in is worthless after it.
 */
export async function openSession(
  ctx: AccessContext,
  userId: string,
  replacing: string | null,
): Promise<IssuedSession> {
  if (replacing !== null) await deleteSession(ctx.store.db, sessionHash(ctx, replacing));
  const sessionId = newSecret();
  const csrfToken = sessionCsrfToken(ctx, sessionId);
  const now = nowOf(ctx);
  const expiresAt = new Date(now.getTime() + SESSION_IDLE_MS).toISOString();
  await createSession(ctx.store.db, {
    idHash: sessionHash(ctx, sessionId),
    userId,
    csrfTokenHash: sha256Hex(csrfToken),
    expiresAt,
    createdAt: now.toISOString(),
  });
  return { sessionId, csrfToken, expiresAt };
}

/**
 * The session a cookie names, if it is unexpired and its user is still an active administrator
 * (otherwise the session is ended and null returned). Extends the idle expiry.
 */
export async function resolveSession(
  ctx: AccessContext,
  sessionId: string,
): Promise<ResolvedSession | null> {
  const now = nowOf(ctx);
  const idHash = sessionHash(ctx, sessionId);
  const session = await findSession(ctx.store.db, idHash, now.toISOString());
  if (session === null) return null;
  const user = await getUserById(ctx.store.db, session.userId);
  const createdMs = Date.parse(session.createdAt);
  if (user === null || !mayUseApi(user) || now.getTime() - createdMs >= SESSION_MAX_MS) {
    await deleteSession(ctx.store.db, idHash);
    return null;
  }
  if (now.getTime() - Date.parse(session.lastSeenAt) >= TOUCH_INTERVAL_MS) {
    const idle = now.getTime() + SESSION_IDLE_MS;
    const expiresAt = new Date(Math.min(idle, createdMs + SESSION_MAX_MS)).toISOString();
    await touchSession(ctx.store.db, idHash, expiresAt);
  }
  const csrfToken = sessionCsrfToken(ctx, sessionId);
  if (!isSameDigest(sha256Hex(csrfToken), session.csrfTokenHash)) return null;
  return { principal: { user, via: 'session', tokenId: null }, csrfToken };
}

/**
 * Checks the CSRF token a cookie-authenticated mutation presented; throws `forbidden` when it is
 * missing or wrong.
 */
export function assertCsrfToken(
  ctx: AccessContext,
  sessionId: string,
  presented: string | undefined,
): void {
  if (presented === undefined || presented === '') {
    throw new AppError(
      'forbidden',
      'This request needs the x-csrf-token header: send the csrfToken that GET /api/session returns.',
    );
  }
  const expected = sha256Hex(sessionCsrfToken(ctx, sessionId));
  if (!isSameDigest(sha256Hex(presented), expected)) {
    throw new AppError(
      'forbidden',
      'The x-csrf-token header does not match this session: fetch a fresh csrfToken from GET /api/session.',
    );
  }
}

/** Ends a session (sign out); unknown ids are ignored. */
export async function closeSession(ctx: AccessContext, sessionId: string): Promise<void> {
  await deleteSession(ctx.store.db, sessionHash(ctx, sessionId));
}
