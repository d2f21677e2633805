/**
 * Migration 0002 (issue 7): the outbox's attempt log, and set-password tokens tied to the outbox
 * row whose message carried them.
 *
 * - `outbox_attempts`: one row per delivery attempt (its number, time, outcome, and the server's
 *   response or the error), so the mailbox shows every attempt, not only the last error.
 * - `password_tokens.outbox_id`: a welcome row rendered at send time gets a new token at each
 *   attempt; tokens of the same outbox row stay valid together (until one is used), so a copy
 *   delivered twice after a crash, or accepted although the sender saw an error, carries a live
 *   link. A token of another message (a resend) still replaces them.
 */
import { sql, type Kysely, type Migration } from 'kysely';

/** The migration. */
export function outboxAttempts(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('outbox_attempts')
        .addColumn('outbox_id', 'text', (c) =>
          c.notNull().references('outbox.id').onDelete('cascade'),
        )
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('sent', 'failed')`))
        .addColumn('detail', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('outbox_attempts_pk', ['outbox_id', 'attempt'])
        .execute();
      await db.schema.alterTable('password_tokens').addColumn('outbox_id', 'text').execute();
    },
  };
}
