/**
 * What the access use cases (setup, sign-in, sessions, API tokens) need: the store and the
 * server's session secret. A structural subset of the runs' context plus the secret, so the
 * HTTP layer and the command line can both build it.
 */
import type { Store } from '../../store/open-store.js';
import type { UserRecord } from '../../store/users-repository.js';

/** The dependencies of the access use cases. */
export interface AccessContext {
  /** The open, migrated store. */
  readonly store: Store;
  /** Keys the hashes of session ids and CSRF tokens (SESSION_SECRET). */
  readonly sessionSecret: string;
  /** The current time; tests pass a fixed clock. */
  readonly clock?: () => Date;
}

/** Who is calling the API, and how they proved it. */
export interface Principal {
  /** The administrator (role admin, status active when resolved). */
  readonly user: UserRecord;
  /** A browser session (cookie, CSRF required on mutations) or an API token (bearer). */
  readonly via: 'session' | 'token';
  /** The API token's id when `via` is `token`, else null. */
  readonly tokenId: string | null;
}

/** The current time of a context. */
export function nowOf(ctx: AccessContext): Date {
  return ctx.clock?.() ?? new Date();
}

/** Whether a user may use the API at all: an active administrator. */
export function mayUseApi(user: UserRecord): boolean {
  return user.role === 'admin' && user.status === 'active';
}
