/**
 * Everything the apply transaction writes for one welcome e-mail (SPEC §5: queued in the same
 * transaction as the user): a fresh set-password token (only its hash is returned for storage),
 * and the outbox row's rendered message, recipient and Message-ID. The token's text exists only
 * inside the rendered message.
 */
import type { MailSettings } from './mail-settings.js';
import { formatMailbox, messageIdFor } from './message-id.js';
import { newToken, tokenExpiry } from './password-token.js';
import { renderWelcomeMessage, type WelcomeRecipient } from './welcome-message.js';

/** What a welcome e-mail needs to know about its user. */
export interface WelcomeUser extends WelcomeRecipient {
  /** The user's IANA time zone for the expiry date; blank for UTC. */
  readonly timezone?: string;
}

/** The rows to write: one `password_tokens` row and one `outbox` row. */
export interface WelcomeEmailDraft {
  /** The outbox row's id, as given. */
  readonly outboxId: string;
  /** The To mailbox, header-ready (`"Jane Doe" <jane@acme.example>`). */
  readonly recipient: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** `<outboxId@host>`: the outbox row's `message_id`. */
  readonly messageId: string;
  /** SHA-256 hex of the token: the `password_tokens.token_hash`. */
  readonly tokenHash: string;
  /** `password_tokens.expires_at`. */
  readonly tokenExpiresAt: Date;
}

/** Issues a token and renders the welcome e-mail for a new user. */
export function draftWelcomeEmail(input: {
  readonly settings: Pick<
    MailSettings,
    'organisationName' | 'publicUrl' | 'messageIdHost' | 'setPasswordLinkLifetimeMs'
  >;
  readonly user: WelcomeUser;
  /** A new unique id for the outbox row (e.g. a UUID). */
  readonly outboxId: string;
  readonly now: Date;
}): WelcomeEmailDraft {
  const { settings, user, now } = input;
  const { token, hash } = newToken();
  const expiresAt = tokenExpiry(now, settings.setPasswordLinkLifetimeMs);
  const message = renderWelcomeMessage({
    organisationName: settings.organisationName,
    publicUrl: settings.publicUrl,
    recipient: user,
    token,
    now,
    expiresAt,
    ...(user.timezone === undefined ? {} : { timeZone: user.timezone }),
  });
  const name = [user.firstName, user.lastName].filter((part) => part.trim() !== '').join(' ');
  return {
    outboxId: input.outboxId,
    recipient: formatMailbox({ name, address: user.email }),
    ...message,
    messageId: messageIdFor(input.outboxId, settings.messageIdHost),
    tokenHash: hash,
    tokenExpiresAt: expiresAt,
  };
}
