/**
 * Resending a user's welcome e-mail (issue 7): queues a new welcome message, which gets a new
 * set-password link when it is sent (replacing the links of earlier messages). Earlier welcome
 * messages of the user not sent yet (pending or held) are marked failed, replaced by this one.
 * The caller wakes the mail service afterwards (the HTTP route calls `mail.wake()`).
 */
import { appendAuditEntry, type Actor } from '../../store/audit-log-repository.js';
import { enqueueMessages, supersedeWelcomeMessages } from '../../store/outbox-repository.js';
import { getUserById } from '../../store/users-repository.js';
import { AppError } from '../app-error.js';
import type { RunsContext } from '../runs-context.js';

/** Why an earlier unsent welcome message was dropped. */
export const SUPERSEDED_REASON = 'replaced by a newer welcome e-mail';

/**
 * Queues a new welcome e-mail for an active user who signs in with a password. Refuses an SSO
 * user (no password to set) and an inactive user (activate them first) with `invalid-input`.
 */
export async function resendWelcome(
  ctx: RunsContext,
  userId: string,
  actor: Actor,
): Promise<{ queued: true }> {
  await ctx.store.transaction(async (tx) => {
    const user = await getUserById(tx, userId);
    if (user === null) throw new AppError('not-found', 'There is no such user.', { userId });
    const name = user.fields.userName;
    if (user.authMethod !== 'password') {
      throw new AppError(
        'invalid-input',
        `"${name}" signs in with SSO: there is no password to set, so no welcome e-mail is sent.`,
        { userId, reason: 'sso' },
      );
    }
    if (user.status !== 'active') {
      throw new AppError(
        'invalid-input',
        `"${name}" is inactive: activate the user before resending the welcome e-mail.`,
        { userId, reason: 'inactive' },
      );
    }
    if (user.fields.email.trim() === '') {
      throw new AppError('invalid-input', `"${name}" has no e-mail address.`, {
        userId,
        reason: 'no-email',
      });
    }
    const replaced = await supersedeWelcomeMessages(tx, userId, SUPERSEDED_REASON);
    await enqueueMessages(tx, [
      {
        kind: 'welcome',
        recipient: user.fields.email,
        userId,
        runId: null,
        subject: null,
        text: null,
        html: null,
      },
    ]);
    await appendAuditEntry(tx, {
      actor,
      action: 'user.welcome',
      userId,
      details: { replaced },
    });
  });
  return { queued: true };
}
