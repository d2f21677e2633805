/**
 * Sign-in sessions (issue 5): the cookie's session id and the CSRF token are stored only as
 * hashes; a session expires, and signing in again replaces it (rotation).
 */
import { nowText, type Db } from './store-db.js';

/** A stored session. */
export interface Session {
  readonly idHash: string;
  readonly userId: string;
  readonly csrfTokenHash: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly lastSeenAt: string;
}

/** Stores a new session, created at `createdAt` (default now): its age limit counts from then. */
export async function createSession(
  db: Db,
  session: {
    idHash: string;
    userId: string;
    csrfTokenHash: string;
    expiresAt: string;
    createdAt?: string;
  },
): Promise<void> {
  const now = session.createdAt ?? nowText();
  await db.kysely
    .insertInto('sessions')
    .values({
      id_hash: session.idHash,
      user_id: session.userId,
      csrf_token_hash: session.csrfTokenHash,
      created_at: now,
      expires_at: session.expiresAt,
      last_seen_at: now,
    })
    .execute();
}

/** The unexpired session with this id hash, or null. */
export async function findSession(
  db: Db,
  idHash: string,
  now: string = nowText(),
): Promise<Session | null> {
  const row = await db.kysely
    .selectFrom('sessions')
    .selectAll()
    .where('id_hash', '=', idHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row === undefined
    ? null
    : {
        idHash: row.id_hash,
        userId: row.user_id,
        csrfTokenHash: row.csrf_token_hash,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        lastSeenAt: row.last_seen_at,
      };
}

/** Records activity and (for sliding expiry) a new expiry. */
export async function touchSession(db: Db, idHash: string, expiresAt: string): Promise<void> {
  await db.kysely
    .updateTable('sessions')
    .set({ last_seen_at: nowText(), expires_at: expiresAt })
    .where('id_hash', '=', idHash)
    .execute();
}

/** Ends one session (sign out). */
export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.kysely.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Ends every session of a user (password change, deactivation). */
export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  await db.kysely.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Removes expired sessions; returns how many. */
export async function deleteExpiredSessions(db: Db, now: string = nowText()): Promise<number> {
  const result = await db.kysely
    .deleteFrom('sessions')
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
