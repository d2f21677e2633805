/**
 * The outbox sender's side of the `outbox` table (issue 7): atomic claims with a lease, and
 * outcomes recorded only while the row is still claimed by the same attempt. The semantics are
 * those of `OutboxPort` (src/mail/outbox-port.ts); `test/runs/mail` checks them on both databases.
 */
import { sql, type RawBuilder } from 'kysely';
import { updateRows, textColumn } from './insert-rows.js';
import { runSqliteAtomically } from './sqlite-atomic.js';
import { toCount, type Db } from './store-db.js';

/** A claimed row, as the sender needs it. */
export interface ClaimedRow {
  readonly id: string;
  readonly kind: string;
  readonly userId: string | null;
  readonly recipient: string;
  readonly subject: string | null;
  readonly text: string | null;
  readonly html: string | null;
  /** The row's `attempts` after the claim: the number of this attempt. */
  readonly attempt: number;
}

interface ClaimedDbRow {
  id: string;
  kind: string;
  user_id: string | null;
  recipient: string;
  subject: string | null;
  text_body: string | null;
  html_body: string | null;
  attempts: number | string;
}

/**
 * One claim statement over the rows `candidates` selects (ordered by `next_attempt_at`, so the
 * `(status, next_attempt_at)` index yields them in order and the scan stops after `limit`):
 * they become `sending` with one more attempt and `next_attempt_at = leaseUntil`. PostgreSQL
 * locks them with `FOR UPDATE SKIP LOCKED`, so concurrent claims take different rows; SQLite
 * runs one writer at a time.
 */
async function claimWhere(
  db: Db,
  candidates: RawBuilder<unknown>,
  request: { readonly limit: number; readonly now: string; readonly leaseUntil: string },
): Promise<ClaimedDbRow[]> {
  const { limit, now, leaseUntil } = request;
  const query =
    db.dialect === 'postgres'
      ? sql<ClaimedDbRow>`with picked as materialized (
          select id from outbox where ${candidates}
          order by next_attempt_at limit ${limit} for update skip locked)
        update outbox set status = 'sending', attempts = outbox.attempts + 1,
          next_attempt_at = ${leaseUntil}, updated_at = ${now}
        from picked where outbox.id = picked.id
        returning outbox.id, outbox.kind, outbox.user_id, outbox.recipient, outbox.subject,
          outbox.text_body, outbox.html_body, outbox.attempts`
      : sql<ClaimedDbRow>`update outbox set status = 'sending', attempts = attempts + 1,
          next_attempt_at = ${leaseUntil}, updated_at = ${now}
        where id in (select id from outbox where ${candidates}
          order by next_attempt_at limit ${limit})
        returning id, kind, user_id, recipient, subject, text_body, html_body, attempts`;
  return (await query.execute(db.kysely)).rows;
}

/**
 * Claims at most `limit` due rows: first `sending` rows whose lease ran out, then `pending` rows
 * due at `now` (oldest `next_attempt_at` first), then `pending` rows without a time. Each step
 * is one atomic statement that only takes rows still in the state it selected, so no row is
 * ever claimed twice; split this way, each uses the index and stays fast with a backlog of
 * 100k rows (one statement with an OR of the cases sorted the whole backlog on every claim).
 */
export async function claimDueRows(
  db: Db,
  request: { readonly limit: number; readonly now: string; readonly leaseUntil: string },
): Promise<ClaimedRow[]> {
  const { now } = request;
  const steps = [
    sql`status = 'sending' and next_attempt_at <= ${now}`,
    sql`status = 'pending' and next_attempt_at <= ${now}`,
    sql`status = 'pending' and next_attempt_at is null`,
  ];
  const rows: ClaimedDbRow[] = [];
  for (const candidates of steps) {
    const limit = request.limit - rows.length;
    if (limit <= 0) break;
    rows.push(...(await claimWhere(db, candidates, { ...request, limit })));
  }
  return rows
    .map((row) => ({
      id: row.id,
      kind: row.kind,
      userId: row.user_id,
      recipient: row.recipient,
      subject: row.subject,
      text: row.text_body,
      html: row.html_body,
      attempt: toCount(row.attempts),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** What was sent, to keep with the row (the set-password link already redacted). */
export interface SentContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** One attempt's row in `outbox_attempts`. */
interface AttemptLog {
  readonly attempt: number;
  readonly at: string;
  readonly outcome: 'sent' | 'failed';
  readonly detail: string;
}

/**
 * Applies `set` to the row only while it is still `sending` with `attempts = log.attempt`, and
 * logs the attempt either way (it happened), for a row that still exists. One statement on
 * PostgreSQL (a data-modifying CTE: one round trip, one commit); one synchronous transaction on
 * SQLite.
 */
async function recordOutcome(db: Db, id: string, set: RawBuilder<unknown>, log: AttemptLog) {
  const update = sql`update outbox set ${set}
    where id = ${id} and status = 'sending' and attempts = ${log.attempt}`;
  const insertLog = sql`insert into outbox_attempts (outbox_id, attempt, at, outcome, detail)
    select id, cast(${log.attempt} as integer), ${log.at}, ${log.outcome}, ${log.detail}
    from outbox where id = ${id} on conflict do nothing`;
  const atomic = await runSqliteAtomically(db, [
    update.compile(db.kysely),
    insertLog.compile(db.kysely),
  ]);
  if (!atomic) await sql`with updated as (${update} returning id) ${insertLog}`.execute(db.kysely);
}

/**
 * Marks a row sent, only while it is still claimed by `attempt`; keeps `content` as the row's
 * subject and bodies when it had none (a message rendered at send time). Logs the attempt
 * either way: the server accepted it.
 */
export async function markRowSent(
  db: Db,
  id: string,
  outcome: {
    readonly attempt: number;
    readonly at: string;
    readonly messageId: string;
    readonly response: string;
    readonly content: SentContent | null;
  },
): Promise<void> {
  const { at, content } = outcome;
  const set = sql`status = 'sent', sent_at = ${at}, message_id = ${outcome.messageId},
    last_error = null, next_attempt_at = null, updated_at = ${at},
    subject = coalesce(subject, ${content?.subject ?? null}),
    text_body = coalesce(text_body, ${content?.text ?? null}),
    html_body = coalesce(html_body, ${content?.html ?? null})`;
  await recordOutcome(db, id, set, {
    attempt: outcome.attempt,
    at,
    outcome: 'sent',
    detail: outcome.response,
  });
}

/**
 * Records a failed attempt, only while the row is still claimed by `attempt`: back to `pending`
 * at `nextAttemptAt`, or `failed` for good when it is null. Logs the attempt either way.
 */
export async function markRowFailed(
  db: Db,
  id: string,
  outcome: {
    readonly attempt: number;
    readonly at: string;
    readonly error: string;
    readonly nextAttemptAt: string | null;
  },
): Promise<void> {
  const status = outcome.nextAttemptAt === null ? 'failed' : 'pending';
  const set = sql`status = ${status}, next_attempt_at = ${outcome.nextAttemptAt},
    last_error = ${outcome.error}, updated_at = ${outcome.at}`;
  await recordOutcome(db, id, set, {
    attempt: outcome.attempt,
    at: outcome.at,
    outcome: 'failed',
    detail: outcome.error,
  });
}

/** A row `holdDueRows` held. */
export interface HeldRow {
  readonly id: string;
  readonly kind: string;
  readonly userId: string | null;
  /** Whether the row has no subject and bodies (rendered at send time). */
  readonly isUnrendered: boolean;
}

/**
 * Without a mail server: every `pending` row due at `now` becomes `held` with `reason`, without
 * counting an attempt, in one statement. Returns the rows held.
 */
export async function holdDueRows(db: Db, now: string, reason: string): Promise<HeldRow[]> {
  const rows = await db.kysely
    .updateTable('outbox')
    .set({ status: 'held', last_error: reason, next_attempt_at: null, updated_at: now })
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
    .returning(['id', 'kind', 'user_id', 'subject'])
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    userId: row.user_id,
    isUnrendered: row.subject === null,
  }));
}

/** Fills subject and bodies of rows that have none (e.g. a held welcome row, for reading). */
export async function fillRowContent(
  db: Db,
  contents: readonly { readonly id: string; readonly content: SentContent }[],
): Promise<void> {
  const spec = {
    table: 'outbox' as const,
    columns: ['id', 'subject', 'text_body', 'html_body'].map(textColumn),
  };
  await updateRows(
    db,
    spec,
    contents.map(({ id, content }) => [id, content.subject, content.text, content.html]),
  );
}
