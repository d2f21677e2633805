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

/** Messages, newest first, filtered by run, user or status. */
export async function listMessages(
  db: Db,
  filter: {
    runId?: string;
    userId?: string;
    status?: OutboxStatus;
    limit?: number;
    offset?: number;
  } = {},
): Promise<OutboxMessage[]> {
  let query = db.kysely.selectFrom('outbox').selectAll();
  if (filter.runId !== undefined) query = query.where('run_id', '=', filter.runId);
  if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0)
    .execute();
  return rows.map(toMessage);
}

/**
 * Claims up to `limit` pending messages due by `now` for sending: they become `sending` with one
 * more attempt. A message is claimed by one sender only (the update re-checks the status).
 */
export async function claimDueMessages(
  db: Db,
  now: string,
  limit: number,
): Promise<OutboxMessage[]> {
  const due = await db.kysely
    .selectFrom('outbox')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  const claimed: OutboxMessage[] = [];
  for (const { id } of due) {
    const result = await db.kysely
      .updateTable('outbox')
      .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), updated_at: now }))
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) continue;
    const message = await getMessage(db, id);
    if (message !== null) claimed.push(message);
  }
  return claimed;
}

/** Records the outcome of an attempt: sent, retry at `nextAttemptAt`, failed, or held. */
export async function recordAttempt(
  db: Db,
  id: string,
  outcome:
    | { readonly status: 'sent' }
    | { readonly status: 'pending'; readonly error: string; readonly nextAttemptAt: string }
    | { readonly status: 'failed' | 'held'; readonly error: string },
): Promise<void> {
  const now = nowText();
  await db.kysely
    .updateTable('outbox')
    .set({
      status: outcome.status,
      updated_at: now,
      ...(outcome.status === 'sent'
        ? { sent_at: now, last_error: null, next_attempt_at: null }
        : { last_error: outcome.error }),
      ...(outcome.status === 'pending' ? { next_attempt_at: outcome.nextAttemptAt } : {}),
    })
    .where('id', '=', id)
    .execute();
}
