/**
 * Set-password tokens (issue 7): only the SHA-256 hash of a token is stored; a token is single
 * use and expires. Issuing a new token for a user replaces the old ones.
 */
import { nowText, type Db } from './store-db.js';

/** A stored token, found by its hash. */
export interface PasswordToken {
  readonly tokenHash: string;
  readonly userId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly usedAt: string | null;
}

/** Stores a new token hash for the user, removing the user's earlier tokens. */
export async function issuePasswordToken(
  db: Db,
  token: { tokenHash: string; userId: string; expiresAt: string },
): Promise<void> {
  await db.kysely.deleteFrom('password_tokens').where('user_id', '=', token.userId).execute();
  await db.kysely
    .insertInto('password_tokens')
    .values({
      token_hash: token.tokenHash,
      user_id: token.userId,
      created_at: nowText(),
      expires_at: token.expiresAt,
      used_at: null,
    })
    .execute();
}

/**
 * Uses a token: marks it used if it exists, is unused and has not expired at `now`, and returns
 * its user id; null otherwise (the caller shows one generic message for every case).
 */
export async function consumePasswordToken(
  db: Db,
  tokenHash: string,
  now: string = nowText(),
): Promise<string | null> {
  const row = await db.kysely
    .updateTable('password_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/** The token with this hash, used or not, or null. */
export async function getPasswordToken(db: Db, tokenHash: string): Promise<PasswordToken | null> {
  const row = await db.kysely
    .selectFrom('password_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row === undefined
    ? null
    : {
        tokenHash: row.token_hash,
        userId: row.user_id,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        usedAt: row.used_at,
      };
}
