/**
 * The outbox sender's `OutboxPort` over the store (issue 7), with the claim semantics of
 * src/mail/outbox-port.ts on SQLite and PostgreSQL: one atomic claim statement with a lease, and
 * outcomes recorded only while the row is still claimed by the same attempt.
 */
import type { OutboxPort } from '../../mail/outbox-port.js';
import {
  claimDueRows,
  holdDueRows,
  markRowFailed,
  markRowSent,
  type HeldRow,
  type SentContent,
} from '../../store/outbox-delivery-repository.js';
import type { Db } from '../../store/store-db.js';

/** Optional hooks around the port's writes. */
export interface StoreOutboxHooks {
  /** The content a row rendered at send time was sent with (link redacted), to keep with it. */
  readonly sentContent?: (id: string) => SentContent | null;
  /** Forgets what was rendered for a row whose attempt failed. */
  readonly forget?: (id: string) => void;
  /** Called with the rows `holdDue` held (e.g. to render them for reading). */
  readonly afterHold?: (rows: readonly HeldRow[]) => Promise<void>;
}

/** Makes the store-backed outbox port. */
export function createStoreOutbox(db: Db, hooks: StoreOutboxHooks = {}): OutboxPort {
  return {
    claimDue: (request) =>
      claimDueRows(db, {
        limit: request.limit,
        now: request.now.toISOString(),
        leaseUntil: request.leaseUntil.toISOString(),
      }),
    async markSent(id, outcome) {
      await markRowSent(db, id, {
        attempt: outcome.attempt,
        at: outcome.at.toISOString(),
        messageId: outcome.messageId,
        response: outcome.response,
        content: hooks.sentContent?.(id) ?? null,
      });
    },
    async markFailed(id, outcome) {
      hooks.forget?.(id);
      await markRowFailed(db, id, {
        attempt: outcome.attempt,
        at: outcome.at.toISOString(),
        error: outcome.error,
        nextAttemptAt: outcome.nextAttemptAt?.toISOString() ?? null,
      });
    },
    async holdDue(request) {
      const held = await holdDueRows(db, request.now.toISOString(), request.reason);
      if (held.length > 0) await hooks.afterHold?.(held);
      return held.length;
    },
  };
}
