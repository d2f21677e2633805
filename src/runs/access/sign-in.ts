/**
 * Signing in with a userName or e-mail and a password. Every failure (unknown login, wrong
 * password, no password set, not an active administrator) answers the same generic message in
 * the same time (a dummy hash is verified when there is no hash), and counts against the
 * login and the client address (see login-throttle.ts).
 */
import { hashPassword, needsRehash, verifyPasswordOrDummy } from '../../mail/password-hash.js';
import { findUserForSignIn, setPasswordHash } from '../../store/users-repository.js';
import type { UserRecord } from '../../store/users-repository.js';
import { AppError } from '../app-error.js';
import { mayUseApi, type AccessContext } from './access-context.js';
import type { LoginThrottle } from './login-throttle.js';
import { openSession, type IssuedSession } from './sessions.js';

/** The one message for every failed sign-in: it never tells which part was wrong. */
export const SIGN_IN_FAILED = 'Sign-in failed: the user name or e-mail, or the password, is wrong.';

/** A sign-in attempt. */
export interface SignInInput {
  /** A userName or an e-mail address. */
  readonly login: string;
  readonly password: string;
  /** The client's address, for throttling. */
  readonly address: string;
  /** The session id the browser already had, ended on success (rotation); null for none. */
  readonly replacing: string | null;
}

/**
 * Signs an administrator in and opens a new session. Throws `rate-limited` while locked out,
 * `unauthenticated` with the generic message on any failure.
 */
export async function signIn(
  ctx: AccessContext,
  throttle: LoginThrottle,
  input: SignInInput,
): Promise<{ user: UserRecord; session: IssuedSession }> {
  throttle.assertAllowed(input.login, input.address);
  const found = await findUserForSignIn(ctx.store.db, input.login);
  const hash = found?.passwordHash ?? null;
  const matches = await verifyPasswordOrDummy(hash, input.password);
  if (found === null || hash === null || !matches || !mayUseApi(found.user)) {
    throttle.recordFailure(input.login, input.address);
    throw new AppError('unauthenticated', SIGN_IN_FAILED);
  }
  throttle.recordSuccess(input.login);
  if (needsRehash(hash)) {
    await setPasswordHash(ctx.store.db, found.user.id, await hashPassword(input.password));
  }
  const session = await openSession(ctx, found.user.id, input.replacing);
  return { user: found.user, session };
}
