/**
 * An in-memory `OutboxPort` for the sender's tests, following the claim semantics that
 * src/mail/outbox-port.ts asks of the store: a claim is atomic (it runs without an await), takes
 * due `pending` rows and `sending` rows whose lease ran out, counts the attempt and sets the lease.
 */
import type {
  ClaimRequest,
  FailedOutcome,
  OutboxMessage,
  OutboxPort,
  OutboxStatus,
  SentOutcome,
} from '../../src/mail/outbox-port.js';

/** A row of the in-memory outbox. */
export interface MemoryOutboxRow {
  readonly id: string;
  readonly recipient: string;
  readonly kind: string;
  readonly userId: string | null;
  readonly subject: string | null;
  readonly text: string | null;
  readonly html: string | null;
  /** The Message-ID recorded when the row was sent. */
  messageId: string | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  sentAt: Date | null;
  /** Every recorded attempt, in order. */
  readonly log: { attempt: number; at: Date; outcome: 'sent' | 'failed'; detail: string }[];
}

/** The in-memory outbox: the port plus helpers to fill and inspect it. */
export interface MemoryOutbox extends OutboxPort {
  readonly rows: Map<string, MemoryOutboxRow>;
  /** Queues a message due at `at`; returns its row. */
  enqueue(message: {
    id: string;
    recipient: string;
    kind?: string;
    userId?: string;
    subject?: string | null;
    text?: string | null;
    html?: string | null;
    at: Date;
  }): MemoryOutboxRow;
  /** The rows in a given status. */
  withStatus(status: OutboxStatus): MemoryOutboxRow[];
}

/** Makes an empty in-memory outbox. */
export function createMemoryOutbox(): MemoryOutbox {
  const rows = new Map<string, MemoryOutboxRow>();
  const isDue = (row: MemoryOutboxRow, now: Date): boolean =>
    (row.status === 'pending' || row.status === 'sending') &&
    (row.nextAttemptAt === null || row.nextAttemptAt.getTime() <= now.getTime());

  return {
    rows,
    enqueue(message) {
      const row: MemoryOutboxRow = {
        id: message.id,
        recipient: message.recipient,
        kind: message.kind ?? 'test',
        userId: message.userId ?? null,
        subject: message.subject === undefined ? `Subject ${message.id}` : message.subject,
        text: message.text === undefined ? `Text ${message.id}` : message.text,
        html: message.html === undefined ? `<p>HTML ${message.id}</p>` : message.html,
        messageId: null,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: message.at,
        lastError: null,
        sentAt: null,
        log: [],
      };
      rows.set(row.id, row);
      return row;
    },
    withStatus(status) {
      return [...rows.values()].filter((row) => row.status === status);
    },
    claimDue(request: ClaimRequest): Promise<readonly OutboxMessage[]> {
      const due = [...rows.values()]
        .filter((row) => isDue(row, request.now))
        .sort(
          (a, b) =>
            (a.nextAttemptAt?.getTime() ?? 0) - (b.nextAttemptAt?.getTime() ?? 0) ||
            a.id.localeCompare(b.id),
        )
        .slice(0, request.limit);
      const claimed = due.map((row): OutboxMessage => {
        row.status = 'sending';
        row.attempts += 1;
        row.nextAttemptAt = request.leaseUntil;
        return {
          id: row.id,
          kind: row.kind,
          userId: row.userId,
          recipient: row.recipient,
          subject: row.subject,
          text: row.text,
          html: row.html,
          attempt: row.attempts,
        };
      });
      return Promise.resolve(claimed);
    },
    markSent(id: string, outcome: SentOutcome): Promise<void> {
      const row = rows.get(id);
      if (row?.status === 'sending' && row.attempts === outcome.attempt) {
        row.status = 'sent';
        row.sentAt = outcome.at;
        row.messageId = outcome.messageId;
        row.lastError = null;
        row.nextAttemptAt = null;
        row.log.push({
          attempt: outcome.attempt,
          at: outcome.at,
          outcome: 'sent',
          detail: outcome.response,
        });
      }
      return Promise.resolve();
    },
    markFailed(id: string, outcome: FailedOutcome): Promise<void> {
      const row = rows.get(id);
      if (row?.status === 'sending' && row.attempts === outcome.attempt) {
        row.status = outcome.nextAttemptAt === null ? 'failed' : 'pending';
        row.nextAttemptAt = outcome.nextAttemptAt;
        row.lastError = outcome.error;
        row.log.push({
          attempt: outcome.attempt,
          at: outcome.at,
          outcome: 'failed',
          detail: outcome.error,
        });
      }
      return Promise.resolve();
    },
    holdDue(request: { now: Date; reason: string }): Promise<number> {
      let held = 0;
      for (const row of rows.values()) {
        if (row.status === 'pending' && isDue(row, request.now)) {
          row.status = 'held';
          row.lastError = request.reason;
          held += 1;
        }
      }
      return Promise.resolve(held);
    },
  };
}
