/**
 * The set-password flow (issue 7, SPEC §4.6): a user brings the token of their welcome e-mail's
 * link and chooses a password. Unknown, used and expired tokens (and tokens of users who can no
 * longer set a password) all get the same generic answer; the password must pass the policy; it
 * is hashed as administrators' passwords are; the token works once.
 */
import { hashPassword } from '../../mail/password-hash.js';
import { checkPassword } from '../../mail/password-policy.js';
import { hashToken, isTokenShaped, isTokenUsable } from '../../mail/password-token.js';
import { appendAuditEntry } from '../../store/audit-log-repository.js';
import { consumePasswordToken, getPasswordToken } from '../../store/password-tokens-repository.js';
import type { Db } from '../../store/store-db.js';
import { getUserById, setPasswordHash, type UserRecord } from '../../store/users-repository.js';
import { AppError } from '../app-error.js';
import type { RunsContext } from '../runs-context.js';

/** The one message for every token that does not work, whatever the reason. */
export const UNUSABLE_LINK_MESSAGE =
  'This link does not work: it may have expired or been used already. ' +
  'Ask your administrator to send you a new welcome e-mail.';

function unusableLink(): AppError {
  return new AppError('invalid-input', UNUSABLE_LINK_MESSAGE, { field: 'token' });
}

/** The user a token may set a password for at `now`, or null. */
async function tokenOwner(db: Db, token: string, now: Date): Promise<UserRecord | null> {
  if (!isTokenShaped(token)) return null;
  const stored = await getPasswordToken(db, hashToken(token));
  if (stored === null) return null;
  const state = {
    expiresAt: new Date(stored.expiresAt),
    usedAt: stored.usedAt === null ? null : new Date(stored.usedAt),
  };
  if (!isTokenUsable(state, now)) return null;
  const user = await getUserById(db, stored.userId);
  if (user?.status !== 'active' || user.authMethod !== 'password') return null;
  return user;
}

/** Whether a set-password link still works (the page asks before showing its form). */
export async function checkPasswordToken(
  ctx: RunsContext,
  token: string,
  now: Date = new Date(),
): Promise<{ usable: boolean }> {
  return { usable: (await tokenOwner(ctx.store.db, token, now)) !== null };
}

/**
 * Sets the password of the token's user and spends the token (and the user's other links).
 * Throws `invalid-input` with the generic message for a token that does not work, or with every
 * policy problem (`details.problems`) for a password that is refused (the token stays usable).
 */
export async function setPasswordWithToken(
  ctx: RunsContext,
  token: string,
  password: string,
  now: Date = new Date(),
): Promise<void> {
  const db = ctx.store.db;
  const user = await tokenOwner(db, token, now);
  if (user === null) throw unusableLink();
  const problems = checkPassword(password, user.fields);
  if (problems.length > 0) {
    throw new AppError('invalid-input', problems.map((problem) => problem.message).join(' '), {
      field: 'password',
      problems,
    });
  }
  const hash = await hashPassword(password);
  await ctx.store.transaction(async (tx) => {
    const userId = await consumePasswordToken(tx, hashToken(token), now.toISOString());
    if (userId !== user.id) throw unusableLink();
    await setPasswordHash(tx, userId, hash);
    await appendAuditEntry(tx, {
      actor: { id: userId, name: user.fields.userName },
      action: 'user.password',
      userId,
      details: { via: 'welcome link' },
    });
  });
  ctx.logger?.info({ userId: user.id }, 'password set with a welcome link');
}
