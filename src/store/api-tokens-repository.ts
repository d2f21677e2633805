/**
 * API tokens for automation (issue 5): named, stored only as a hash, revocable, with the time
 * of last use shown.
 */
import { newId } from './new-id.js';
import type { ApiTokensTable } from './schema.js';
import { nowText, type Db } from './store-db.js';

/** A token as listed (never the token itself). */
export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

function toApiToken(row: ApiTokensTable): ApiToken {
  return {
    id: row.id,
    name: row.name,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

/** Stores a new token's hash. */
export async function createApiToken(
  db: Db,
  token: { name: string; tokenHash: string; createdBy: string | null },
): Promise<ApiToken> {
  const row: ApiTokensTable = {
    id: newId(),
    name: token.name,
    token_hash: token.tokenHash,
    created_by: token.createdBy,
    created_at: nowText(),
    last_used_at: null,
    revoked_at: null,
  };
  await db.kysely.insertInto('api_tokens').values(row).execute();
  return toApiToken(row);
}

/** Every token, newest first. */
export async function listApiTokens(db: Db): Promise<ApiToken[]> {
  const rows = await db.kysely
    .selectFrom('api_tokens')
    .selectAll()
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toApiToken);
}

/** The unrevoked token with this hash (recording its use), or null. */
export async function useApiToken(db: Db, tokenHash: string): Promise<ApiToken | null> {
  const row = await db.kysely
    .updateTable('api_tokens')
    .set({ last_used_at: nowText() })
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? null : toApiToken(row);
}

/** Revokes a token; returns whether an unrevoked one was found. */
export async function revokeApiToken(db: Db, id: string): Promise<boolean> {
  const result = await db.kysely
    .updateTable('api_tokens')
    .set({ revoked_at: nowText() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
