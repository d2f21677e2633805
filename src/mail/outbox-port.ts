/**
 * What the outbox sender needs from the store. The store (src/store, table `outbox`) implements
 * it; the sender never sees SQL. Statuses match the table's check constraint.
 *
 * ## Claim semantics the store must implement
 *
 * `claimDue({ limit, now, leaseUntil })` is **one atomic statement or transaction** that:
 * 1. selects at most `limit` rows that are due, oldest `next_attempt_at` first (then `id`):
 *    - `status = 'pending'` and `next_attempt_at <= now` (a NULL `next_attempt_at` counts as
 *      due), or
 *    - `status = 'sending'` and `next_attempt_at <= now`: a claim whose lease ran out, because
 *      the process that claimed it died (see the recovery note in docs/mail.md);
 * 2. sets on exactly those rows `status = 'sending'`, `attempts = attempts + 1`,
 *    `next_attempt_at = leaseUntil` (the lease), `updated_at = now`;
 * 3. returns them, with `attempt` = the incremented `attempts`.
 *
 * No two concurrent calls (in one process or several) may return the same row for the same
 * lease. PostgreSQL: `UPDATE outbox SET … WHERE id IN (SELECT id FROM outbox WHERE … ORDER BY …
 * LIMIT $n FOR UPDATE SKIP LOCKED) RETURNING …`. SQLite (one writer at a time): the same
 * `UPDATE … WHERE id IN (SELECT … LIMIT $n) RETURNING …` in one statement, or the select and
 * the update in one `BEGIN IMMEDIATE` transaction.
 *
 * `markSent` and `markFailed` update the row only while it is still `status = 'sending'` with
 * the same `attempts` (so a sender whose lease ran out cannot overwrite a newer outcome); they
 * record the attempt's time and, for a failure, its error.
 */

/** The states of an outbox row (the `outbox.status` column). */
export type OutboxStatus =
  /** Queued, waiting for its first attempt or for its next retry (`next_attempt_at`). */
  | 'pending'
  /** Claimed by a sender; `next_attempt_at` is the end of the claim's lease. */
  | 'sending'
  /** Accepted by the SMTP server (`sent_at`). */
  | 'sent'
  /** Refused for good, or out of attempts; `last_error` says why. */
  | 'failed'
  /** Not sent because no mail server is configured; readable in the mailbox page. */
  | 'held';

/** The reason recorded on messages held because `SMTP_URL` is not set. */
export const NOT_CONFIGURED_REASON = 'not sent: no mail server configured';

/** A claimed outbox row. */
export interface OutboxMessage {
  /** The row's id; the Message-ID is `<id@host of MAIL_FROM>` (see `messageIdFor`). */
  readonly id: string;
  /** What the message is, e.g. `welcome`; tells `prepare` how to render a row without a body. */
  readonly kind: string;
  /** The user the message is about, if any. */
  readonly userId: string | null;
  /** The To mailbox: an address, or `"Name" <address>` (see `formatMailbox`). */
  readonly recipient: string;
  /** Null (with the bodies) when the message is rendered at send time by the sender's `prepare`. */
  readonly subject: string | null;
  /** The plain-text part, or null. */
  readonly text: string | null;
  /** The HTML part, or null. */
  readonly html: string | null;
  /** The number of this attempt, 1-based: the row's `attempts` after the claim. */
  readonly attempt: number;
}

/** What `claimDue` is asked for. */
export interface ClaimRequest {
  /** At most this many rows. */
  readonly limit: number;
  /** Rows due at or before this instant. */
  readonly now: Date;
  /** The lease: the claimed rows may be claimed again after this instant. */
  readonly leaseUntil: Date;
}

/** A delivery the SMTP server accepted. */
export interface SentOutcome {
  /** The attempt's number, as claimed. */
  readonly attempt: number;
  /** When the server accepted the message. */
  readonly at: Date;
  /** The Message-ID header sent, angle brackets included (the store may keep it in `message_id`). */
  readonly messageId: string;
  /** The server's response line, for the attempt log ("250 OK: queued as …"). */
  readonly response: string;
}

/** A failed attempt. */
export interface FailedOutcome {
  /** The attempt's number, as claimed. */
  readonly attempt: number;
  /** When the attempt failed. */
  readonly at: Date;
  /** What went wrong, safe to show (no credentials). */
  readonly error: string;
  /** When to try again (`status = 'pending'`), or null to fail for good (`status = 'failed'`). */
  readonly nextAttemptAt: Date | null;
}

/** The store's side of the outbox. */
export interface OutboxPort {
  /** Claims due rows atomically (see the module comment). */
  claimDue(request: ClaimRequest): Promise<readonly OutboxMessage[]>;
  /**
   * `status = 'sent'`, `sent_at = at`, `message_id = messageId`, `last_error = NULL`, if still
   * claimed by this attempt.
   */
  markSent(id: string, outcome: SentOutcome): Promise<void>;
  /**
   * Records the failed attempt: `last_error = error`; `status = 'pending'` and
   * `next_attempt_at = nextAttemptAt`, or `status = 'failed'` when `nextAttemptAt` is null.
   */
  markFailed(id: string, outcome: FailedOutcome): Promise<void>;
  /**
   * Without a mail server: sets `status = 'held'`, `last_error = reason` on every pending row due
   * at `now`, without counting an attempt; returns how many rows it held.
   */
  holdDue(request: { readonly now: Date; readonly reason: string }): Promise<number>;
}
