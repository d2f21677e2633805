/** How a run's welcome e-mails are doing, counted per outbox status (for results and history). */
import { toCount, type Db } from './store-db.js';

/** A run's messages by outcome. */
export interface OutboxCounts {
  readonly sent: number;
  readonly failed: number;
  /** Not sent because no mail server is configured. */
  readonly held: number;
  /** Queued or being sent. */
  readonly waiting: number;
}

/** Counts the run's outbox messages per status. */
export async function countRunMessages(db: Db, runId: string): Promise<OutboxCounts> {
  const rows = await db.kysely
    .selectFrom('outbox')
    .select((eb) => ['status', eb.fn.countAll().as('count')])
    .where('run_id', '=', runId)
    .groupBy('status')
    .execute();
  const count = (status: string) => toCount(rows.find((row) => row.status === status)?.count);
  return {
    sent: count('sent'),
    failed: count('failed'),
    held: count('held'),
    waiting: count('pending') + count('sending'),
  };
}
