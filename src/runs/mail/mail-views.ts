/**
 * Reading the outbox (issue 7): the mailbox page and `usersync mail list|show`. Messages held
 * because no mail server is configured are readable here, their set-password link redacted.
 */
import type { OutboxStatus } from '../../mail/outbox-port.js';
import {
  countMessages,
  getMessage,
  listAttempts,
  listMessages,
  type OutboxAttempt,
  type OutboxMessage,
} from '../../store/outbox-repository.js';
import { AppError } from '../app-error.js';
import type { RunsContext } from '../runs-context.js';

/** Every outbox status, for parsing filters. */
export const MAIL_STATUSES = [
  'pending',
  'sending',
  'sent',
  'failed',
  'held',
] as const satisfies readonly OutboxStatus[];

/** A message as the mailbox lists it. */
export interface MailView {
  readonly id: string;
  /** What the message is: `welcome`. */
  readonly kind: string;
  /** The run whose apply queued it, or null (a resent welcome e-mail). */
  readonly runId: string | null;
  /** The user it is about, or null. */
  readonly userId: string | null;
  /** The To address. */
  readonly recipient: string;
  /** Null until a message rendered at send time was sent (or held, then rendered for reading). */
  readonly subject: string | null;
  readonly status: OutboxStatus;
  /** Attempts made so far. */
  readonly attemptCount: number;
  /** When the next attempt is due (pending), or the end of the claim's lease (sending). */
  readonly nextAttemptAt: string | null;
  /** The last error, or why the message is held. */
  readonly lastError: string | null;
  /** When the SMTP server accepted it. */
  readonly sentAt: string | null;
  /** The Message-ID, the same at every attempt. */
  readonly messageId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One message with its content and every attempt. */
export interface MailDetail extends MailView {
  /** The plain-text part (a set-password link redacted), or null when not rendered yet. */
  readonly text: string | null;
  /** The HTML part (likewise). */
  readonly html: string | null;
  /** Every delivery attempt, in order. */
  readonly attempts: readonly OutboxAttempt[];
}

/** Filters of `listMail`. */
export interface MailFilter {
  readonly runId?: string;
  /** One of `MAIL_STATUSES`; anything else is refused. */
  readonly status?: string;
  readonly offset?: number;
  /** 1–500, default 100. */
  readonly limit?: number;
}

function isStatus(value: string): value is OutboxStatus {
  return (MAIL_STATUSES as readonly string[]).includes(value);
}

function toView(message: OutboxMessage): MailView {
  return {
    id: message.id,
    kind: message.kind,
    runId: message.runId,
    userId: message.userId,
    recipient: message.recipient,
    subject: message.subject,
    status: message.status,
    attemptCount: message.attempts,
    nextAttemptAt: message.nextAttemptAt,
    lastError: message.lastError,
    sentAt: message.sentAt,
    messageId: message.messageId,
    createdAt: message.createdAt,
    updatedAt: message.updatedAt,
  };
}

function wholeNumber(value: number | undefined, fallback: number, min: number, max: number) {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new AppError('invalid-input', `expected a whole number from ${min} to ${max}`, {
      value,
    });
  }
  return value;
}

/** Lists messages, newest first, with the total matching the filter. */
export async function listMail(
  ctx: RunsContext,
  filter: MailFilter = {},
): Promise<{ total: number; items: MailView[] }> {
  const { status, runId } = filter;
  if (status !== undefined && !isStatus(status)) {
    throw new AppError(
      'invalid-input',
      `unknown status "${status}": use one of ${MAIL_STATUSES.join(', ')}`,
      { status },
    );
  }
  const where = {
    ...(runId === undefined ? {} : { runId }),
    ...(status === undefined ? {} : { status }),
  };
  const limit = wholeNumber(filter.limit, 100, 1, 500);
  const offset = wholeNumber(filter.offset, 0, 0, Number.MAX_SAFE_INTEGER);
  const db = ctx.store.db;
  const [total, messages] = await Promise.all([
    countMessages(db, where),
    listMessages(db, { ...where, limit, offset }),
  ]);
  return { total, items: messages.map(toView) };
}

/** One message with its parts and attempts; `not-found` when there is none. */
export async function getMail(ctx: RunsContext, id: string): Promise<MailDetail> {
  const db = ctx.store.db;
  const message = await getMessage(db, id);
  if (message === null) throw new AppError('not-found', `no e-mail with id "${id}"`, { id });
  return {
    ...toView(message),
    text: message.text,
    html: message.html,
    attempts: await listAttempts(db, id),
  };
}
