/**
 * Set-password tokens (issue 7): only the SHA-256 hash of a token is stored; a token is single
 * use and expires. Issuing a new token for a user replaces the old ones — except, for a token
 * carried by an outbox message, the unused tokens of that same message (an earlier attempt's
 * copy may have been delivered), which stay valid until one of the user's tokens is used.
 */
import { sql } from 'kysely';
import { runSqliteAtomically } from './sqlite-atomic.js';
import { nowText, type Db } from './store-db.js';

/** A stored token, found by its hash. */
export interface PasswordToken {
  readonly tokenHash: string;
  readonly userId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly usedAt: string | null;
  /** The outbox message that carried the token, or null. */
  readonly outboxId: string | null;
}

/**
 * Stores a new token hash for the user, removing the user's earlier tokens (but, when `outboxId`
 * is given, not the unused tokens of that outbox message).
 */
export async function issuePasswordToken(
  db: Db,
  token: { tokenHash: string; userId: string; expiresAt: string; outboxId?: string | null },
): Promise<void> {
  const outboxId = token.outboxId ?? null;
  const createdAt = nowText();
  let earlier = db.kysely.deleteFrom('password_tokens').where('user_id', '=', token.userId);
  if (outboxId !== null) {
    earlier = earlier.where((eb) =>
      eb.or([
        eb('outbox_id', 'is', null),
        eb('outbox_id', '<>', outboxId),
        eb('used_at', 'is not', null),
      ]),
    );
  }
  const insert = db.kysely.insertInto('password_tokens').values({
    token_hash: token.tokenHash,
    user_id: token.userId,
    created_at: createdAt,
    expires_at: token.expiresAt,
    used_at: null,
    outbox_id: outboxId,
  });
  if (await runSqliteAtomically(db, [earlier.compile(), insert.compile()])) return;
  // PostgreSQL: one statement, one commit (the hot path of sending a welcome e-mail).
  const keep = outboxId === null ? sql`false` : sql`(outbox_id = ${outboxId} and used_at is null)`;
  await sql`with removed as (
      delete from password_tokens where user_id = ${token.userId} and not coalesce(${keep}, false))
    ${insert}`.execute(db.kysely);
}

/**
 * Uses a token: marks it used if it exists, is unused and has not expired at `now`, removes the
 * user's other tokens (one use spends every link the user holds), and returns its user id; null
 * otherwise (the caller shows one generic message for every case). Run it in the transaction
 * that sets the password, so both happen or neither.
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
  if (row === undefined) return null;
  await db.kysely
    .deleteFrom('password_tokens')
    .where('user_id', '=', row.user_id)
    .where('token_hash', '<>', tokenHash)
    .execute();
  return row.user_id;
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
        outboxId: row.outbox_id,
      };
}
