/**
 * Renders welcome rows, which the apply transaction queues without subject or bodies (no link is
 * stored in clear): at send time with a fresh set-password token, and for reading (a held row)
 * with the link redacted. What was sent is kept with the row, link redacted, once it is sent.
 */
import { draftWelcomeEmail } from '../../mail/draft-welcome-email.js';
import type { MailSettings } from '../../mail/mail-settings.js';
import type { OutboxMessage } from '../../mail/outbox-port.js';
import type { PreparedContent } from '../../mail/outbox-sender.js';
import { tokenExpiry } from '../../mail/password-token.js';
import { redactSetPasswordLinks, renderWelcomeMessage } from '../../mail/welcome-message.js';
import type { SentContent } from '../../store/outbox-delivery-repository.js';
import { issuePasswordToken } from '../../store/password-tokens-repository.js';
import type { Db } from '../../store/store-db.js';
import { getUserById, type UserRecord } from '../../store/users-repository.js';

/** The settings a welcome message is rendered with. */
export type WelcomeSettings = Pick<
  MailSettings,
  'organisationName' | 'publicUrl' | 'messageIdHost' | 'setPasswordLinkLifetimeMs'
>;

/** The token text used where a link is shown but must not work. */
export const REDACTED_TOKEN = 'redacted';

/** Why a welcome row cannot be sent to its user now, or null when it can. */
export function welcomeRefusal(user: UserRecord | null): string | null {
  if (user === null) return 'the user no longer exists';
  if (user.authMethod !== 'password') return 'the user signs in with SSO';
  if (user.status !== 'active') return 'the user is inactive';
  return null;
}

function recipientOf(user: UserRecord) {
  const { firstName, middleName, lastName, userName, email, timezone } = user.fields;
  return { firstName, middleName, lastName, userName, email, timezone };
}

/** Renders a welcome message for reading only: the link is redacted, no token is issued. */
export function renderWelcomePreview(
  settings: WelcomeSettings,
  user: UserRecord,
  now: Date,
): SentContent {
  return renderWelcomeMessage({
    organisationName: settings.organisationName,
    publicUrl: settings.publicUrl,
    recipient: recipientOf(user),
    token: REDACTED_TOKEN,
    now,
    expiresAt: tokenExpiry(now, settings.setPasswordLinkLifetimeMs),
    ...(user.fields.timezone === '' ? {} : { timeZone: user.fields.timezone }),
  });
}

/** The sender's `prepare` for welcome rows, and what it rendered, for `markSent` to keep. */
export interface WelcomeRenderer {
  /**
   * Issues a token tied to the row (replacing the user's tokens of other messages) and renders
   * the message. Throws when the row is not a welcome row or its user cannot get one any more.
   */
  prepare(message: OutboxMessage, now: Date): Promise<PreparedContent>;
  /** The redacted content rendered for the row's current attempt, forgotten once taken. */
  takeRendered(id: string): SentContent | null;
}

/** Makes the renderer over the store. */
export function createWelcomeRenderer(db: Db, settings: WelcomeSettings): WelcomeRenderer {
  const rendered = new Map<string, SentContent>();
  return {
    async prepare(message, now) {
      rendered.delete(message.id);
      if (message.kind !== 'welcome' || message.userId === null) {
        throw new Error(`a ${message.kind} message without content cannot be rendered`);
      }
      const user = await getUserById(db, message.userId);
      const refusal = welcomeRefusal(user);
      if (user === null || refusal !== null) throw new Error(refusal ?? 'no user');
      const draft = draftWelcomeEmail({
        settings,
        user: recipientOf(user),
        outboxId: message.id,
        now,
      });
      await issuePasswordToken(db, {
        tokenHash: draft.tokenHash,
        userId: user.id,
        expiresAt: draft.tokenExpiresAt.toISOString(),
        outboxId: message.id,
      });
      const content = { subject: draft.subject, text: draft.text, html: draft.html };
      rendered.set(message.id, {
        subject: content.subject,
        text: redactSetPasswordLinks(content.text),
        html: redactSetPasswordLinks(content.html),
      });
      return content;
    },
    takeRendered(id) {
      const content = rendered.get(id) ?? null;
      rendered.delete(id);
      return content;
    },
  };
}
