/**
 * The e-mail outbox (issue 7): messages are written in the same transaction as the change that
 * causes them and delivered after it commits, with retries. Each row has a stable Message-ID,
 * so a message re-sent after a crash between sending and marking can be recognised.
 */
import { newId } from './new-id.js';
import { insertRows, integerColumn, textColumn, type BulkTable } from './insert-rows.js';
import type { OutboxTable } from './schema.js';
import { nowText, toCount, type Db } from './store-db.js';

/** pending: to send; sending: claimed by a sender; sent; failed: gave up; held: no mail server. */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'held';

/** A message to queue. Subject and bodies may be null when the sender renders them at send time. */
export interface OutboxMessageInput {
  /** What the message is, e.g. `welcome`. */
  readonly kind: string;
  readonly recipient: string;
  readonly userId: string | null;
  readonly runId: string | null;
  readonly subject: string | null;
  readonly text: string | null;
  readonly html: string | null;
}

/** A stored message. */
export interface OutboxMessage extends OutboxMessageInput {
  readonly id: string;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly sentAt: string | null;
  /** The RFC 5322 Message-ID the sender uses, fixed when the row is written. */
  readonly messageId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The outbox columns a bulk enqueue fills. */
export const OUTBOX_TABLE: BulkTable = {
  table: 'outbox',
  columns: [
    textColumn('id'),
    textColumn('run_id'),
    textColumn('user_id'),
    textColumn('kind'),
    textColumn('recipient'),
    textColumn('subject'),
    textColumn('text_body'),
    textColumn('html_body'),
    textColumn('status'),
    integerColumn('attempts'),
    textColumn('next_attempt_at'),
    textColumn('message_id'),
    textColumn('created_at'),
    textColumn('updated_at'),
  ],
};

/** One message as a row of OUTBOX_TABLE's columns, due at once. */
export function outboxRow(message: OutboxMessageInput, now: string): (string | number | null)[] {
  const id = newId();
  return [
    id,
    message.runId,
    message.userId,
    message.kind,
    message.recipient,
    message.subject,
    message.text,
    message.html,
    'pending',
    0,
    now,
    `<${id}@usersync>`,
    now,
    now,
  ];
}

/** Queues messages (in the caller's transaction, if any). */
export async function enqueueMessages(
  db: Db,
  messages: readonly OutboxMessageInput[],
): Promise<void> {
  const now = nowText();
  await insertRows(
    db,
    OUTBOX_TABLE,
    messages.map((message) => outboxRow(message, now)),
  );
}

function toMessage(row: OutboxTable): OutboxMessage {
  const statuses: readonly string[] = ['pending', 'sending', 'sent', 'failed', 'held'];
  if (!statuses.includes(row.status)) throw new Error(`unexpected outbox status ${row.status}`);
  return {
    id: row.id,
    kind: row.kind,
    recipient: row.recipient,
    userId: row.user_id,
    runId: row.run_id,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    status: row.status as OutboxStatus,
    attempts: toCount(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    sentAt: row.sent_at,
    messageId: row.message_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The message, or null. */
export async function getMessage(db: Db, id: string): Promise<OutboxMessage | null> {
  const row = await db.kysely
    .selectFrom('outbox')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? null : toMessage(row);
}

/** Which messages a list or count covers. */
export interface OutboxFilter {
  readonly runId?: string;
  readonly userId?: string;
  readonly status?: OutboxStatus;
}

function filtered(db: Db, filter: OutboxFilter) {
  let query = db.kysely.selectFrom('outbox');
  if (filter.runId !== undefined) query = query.where('run_id', '=', filter.runId);
  if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  return query;
}

/** Messages, newest first, filtered by run, user or status. */
export async function listMessages(
  db: Db,
  filter: OutboxFilter & { readonly limit?: number; readonly offset?: number } = {},
): Promise<OutboxMessage[]> {
  const rows = await filtered(db, filter)
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0)
    .execute();
  return rows.map(toMessage);
}

/** How many messages match the filter. */
export async function countMessages(db: Db, filter: OutboxFilter = {}): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirst();
  return toCount(row?.count);
}

/** One delivery attempt of a message. */
export interface OutboxAttempt {
  /** 1-based. */
  readonly attempt: number;
  readonly at: string;
  readonly outcome: 'sent' | 'failed';
  /** The server's response, or the error. */
  readonly detail: string;
}

/** Every recorded attempt of a message, in order. */
export async function listAttempts(db: Db, outboxId: string): Promise<OutboxAttempt[]> {
  const rows = await db.kysely
    .selectFrom('outbox_attempts')
    .selectAll()
    .where('outbox_id', '=', outboxId)
    .orderBy('attempt')
    .execute();
  return rows.map((row) => ({
    attempt: toCount(row.attempt),
    at: row.at,
    outcome: row.outcome === 'sent' ? 'sent' : 'failed',
    detail: row.detail,
  }));
}

/**
 * Marks the user's welcome messages not sent yet (`pending` or `held`) as `failed` with
 * `reason`: a newer welcome message replaces them. Returns how many.
 */
export async function supersedeWelcomeMessages(
  db: Db,
  userId: string,
  reason: string,
): Promise<number> {
  const result = await db.kysely
    .updateTable('outbox')
    .set({ status: 'failed', last_error: reason, next_attempt_at: null, updated_at: nowText() })
    .where('user_id', '=', userId)
    .where('kind', '=', 'welcome')
    .where('status', 'in', ['pending', 'held'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
