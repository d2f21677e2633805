/**
 * API tokens for automation: `Authorization: Bearer usy_…`. A token is shown once, when it is
 * made; the store keeps its SHA-256 only. Each token acts as the administrator who made it, and
 * stops working when revoked or when that administrator is no longer an active administrator.
 */
import { appendAuditEntry, type Actor } from '../../store/audit-log-repository.js';
import {
  createApiToken,
  listApiTokens,
  revokeApiToken,
  useApiToken,
  type ApiToken,
} from '../../store/api-tokens-repository.js';
import { getUserById } from '../../store/users-repository.js';
import { AppError } from '../app-error.js';
import { mayUseApi, nowOf, type AccessContext, type Principal } from './access-context.js';
import { newSecret, sha256Hex } from './secret-token.js';

/** Every token starts with this, so leaked tokens are easy to recognise and scan for. */
export const API_TOKEN_PREFIX = 'usy_';

/** Makes a token; returns its one and only clear-text copy with the stored record. */
export async function issueApiToken(
  ctx: AccessContext,
  name: string,
  actor: Actor,
): Promise<{ token: string; apiToken: ApiToken }> {
  const token = `${API_TOKEN_PREFIX}${newSecret()}`;
  const apiToken = await createApiToken(ctx.store.db, {
    name,
    tokenHash: sha256Hex(token),
    createdBy: actor.id,
  });
  await appendAuditEntry(ctx.store.db, {
    actor,
    action: 'token.create',
    details: { tokenId: apiToken.id, name },
  });
  return { token, apiToken };
}

/** Every token, newest first, revoked ones included (never the tokens themselves). */
export async function listIssuedApiTokens(ctx: AccessContext): Promise<ApiToken[]> {
  return listApiTokens(ctx.store.db);
}

/** Revokes a token; `not-found` when there is no such unrevoked token. */
export async function revokeIssuedApiToken(
  ctx: AccessContext,
  id: string,
  actor: Actor,
): Promise<void> {
  if (!(await revokeApiToken(ctx.store.db, id))) {
    throw new AppError('not-found', 'There is no such API token, or it is already revoked.');
  }
  await appendAuditEntry(ctx.store.db, { actor, action: 'token.revoke', details: { tokenId: id } });
}

/** A token's last use is written at most this often (a read per request, not a write). */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The unrevoked token with this hash, recording its use when the last record is old. */
async function findUsableToken(ctx: AccessContext, tokenHash: string) {
  const row = await ctx.store.db.kysely
    .selectFrom('api_tokens')
    .select(['id', 'created_by', 'last_used_at'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (row === undefined) return null;
  const lastUsed = row.last_used_at === null ? 0 : Date.parse(row.last_used_at);
  if (nowOf(ctx).getTime() - lastUsed < LAST_USED_RESOLUTION_MS) {
    return { id: row.id, createdBy: row.created_by };
  }
  return useApiToken(ctx.store.db, tokenHash);
}

/**
 * The principal a bearer token stands for (recording its use, to the minute), or null when the
 * token is unknown, revoked, or its administrator is no longer an active administrator.
 */
export async function authenticateApiToken(
  ctx: AccessContext,
  token: string,
): Promise<Principal | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const found = await findUsableToken(ctx, sha256Hex(token));
  if (found?.createdBy == null) return null;
  const user = await getUserById(ctx.store.db, found.createdBy);
  if (user === null || !mayUseApi(user)) return null;
  return { user, via: 'token', tokenId: found.id };
}
