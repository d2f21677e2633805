/** The outbox sender's feed: claimed rows handed out one at a time, claimed in batches. */
import type { OutboxMessage, OutboxPort } from './outbox-port.js';

/**
 * Hands claimed rows to workers one at a time, claiming the next batch when the buffer is empty
 * (one claim in flight at once), until a claim returns fewer rows than asked for.
 */
export function claimInBatches(
  port: OutboxPort,
  batchSize: number,
  leaseMs: number,
  clock: () => Date,
): { next(): Promise<OutboxMessage | undefined> } {
  const buffer: OutboxMessage[] = [];
  let exhausted = false;
  let refilling: Promise<void> | null = null;

  async function refill(): Promise<void> {
    const now = clock();
    const rows = await port.claimDue({
      limit: batchSize,
      now,
      leaseUntil: new Date(now.getTime() + leaseMs),
    });
    if (rows.length < batchSize) exhausted = true;
    buffer.push(...rows);
  }

  return {
    async next() {
      for (;;) {
        const message = buffer.shift();
        if (message !== undefined) return message;
        if (exhausted) return undefined;
        refilling ??= refill().finally(() => {
          refilling = null;
        });
        await refilling;
      }
    },
  };
}
