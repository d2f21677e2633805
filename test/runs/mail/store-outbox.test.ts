import { beforeEach, expect, test } from 'vitest';
import { createStoreOutbox } from '../../../src/runs/mail/store-outbox.js';
import { enqueueMessages, getMessage, listAttempts } from '../../../src/store/outbox-repository.js';
import type { Store } from '../../../src/store/open-store.js';
import { describeStore } from '../../store/store-targets.js';

const MINUTE = 60_000;

/** Queues `count` messages with content for `tag`; returns their ids, oldest first. */
async function queue(store: Store, tag: string, count: number): Promise<string[]> {
  await enqueueMessages(
    store.db,
    Array.from({ length: count }, (_, i) => ({
      kind: 'test',
      recipient: `${tag}-${String(i)}@acme.example`,
      userId: null,
      runId: null,
      subject: `s ${tag}`,
      text: 't',
      html: '<p>h</p>',
    })),
  );
  const rows = await store.db.kysely
    .selectFrom('outbox')
    .select('id')
    .where('subject', '=', `s ${tag}`)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

/** Moves every row of `ids` to be due at `at` (so each test controls its own rows). */
async function dueAt(store: Store, ids: readonly string[], at: Date): Promise<void> {
  await store.db.kysely
    .updateTable('outbox')
    .set({ next_attempt_at: at.toISOString() })
    .where('id', 'in', ids)
    .execute();
}

describeStore('store outbox port: claim semantics', ({ store, database }) => {
  // Each test starts from an empty outbox.
  beforeEach(async () => {
    await store().db.kysely.deleteFrom('outbox').execute();
  });
  const startTime = () => new Date(Date.UTC(2030, 0, 1));
  const claimRequest = (now: Date, limit = 100) => ({
    limit,
    now,
    leaseUntil: new Date(now.getTime() + 15 * MINUTE),
  });

  test('a claim takes due pending rows, oldest first, as sending with one more attempt and a lease', async () => {
    const t = startTime();
    const ids = await queue(store(), 'claim', 3);
    await dueAt(store(), ids, new Date(t.getTime() - 3 * MINUTE));
    await dueAt(store(), ids.slice(2), new Date(t.getTime() + MINUTE)); // not due yet
    const port = createStoreOutbox(store().db);
    const claimed = await port.claimDue(claimRequest(new Date(t.getTime() + 1), 1));
    expect(claimed.map((m) => [m.id, m.attempt, m.subject])).toEqual([[ids[0], 1, 's claim']]);
    const rest = await port.claimDue(claimRequest(new Date(t.getTime() + 1)));
    expect(rest.map((m) => m.id)).toEqual([ids[1]]);
    const row = await getMessage(store().db, ids[0] ?? '');
    expect(row).toMatchObject({ status: 'sending', attempts: 1 });
    expect(row?.nextAttemptAt).toBe(new Date(t.getTime() + 1 + 15 * MINUTE).toISOString());
  });

  test('concurrent claims from two processes never return the same row', async () => {
    const t = startTime();
    const ids = await queue(store(), 'race', 200);
    await dueAt(store(), ids, t);
    const other = database().open();
    try {
      const here = createStoreOutbox(store().db);
      const there = createStoreOutbox(other.db);
      const claims = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? here : there).claimDue(claimRequest(new Date(t.getTime() + 1), 15)),
        ),
      );
      const seen = claims.flatMap((rows) => rows.map((row) => row.id));
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe(200);
    } finally {
      await other.close();
    }
  });

  test('a claim whose lease ran out is claimed again, and the stale attempt cannot mark it', async () => {
    const t = startTime();
    const [id = ''] = await queue(store(), 'lease', 1);
    await dueAt(store(), [id], t);
    const port = createStoreOutbox(store().db);
    const [first] = await port.claimDue(claimRequest(t));
    expect(first?.attempt).toBe(1);
    expect(await port.claimDue(claimRequest(new Date(t.getTime() + 14 * MINUTE)))).toEqual([]);
    const later = new Date(t.getTime() + 16 * MINUTE);
    const [second] = await port.claimDue(claimRequest(later));
    expect(second).toMatchObject({ id, attempt: 2 });
    await port.markSent(id, { attempt: 1, at: later, messageId: '<x@a>', response: '250 late' });
    expect(await getMessage(store().db, id)).toMatchObject({ status: 'sending', attempts: 2 });
    await port.markFailed(id, {
      attempt: 2,
      at: later,
      error: 'ECONNREFUSED',
      nextAttemptAt: new Date(later.getTime() + MINUTE),
    });
    expect(await getMessage(store().db, id)).toMatchObject({
      status: 'pending',
      lastError: 'ECONNREFUSED',
    });
    expect((await listAttempts(store().db, id)).map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'sent'],
      [2, 'failed'],
    ]);
  });

  test('markSent records the Message-ID and time; a failure without retry is failed for good', async () => {
    const t = startTime();
    const [sent = '', failed = ''] = await queue(store(), 'mark', 2);
    await dueAt(store(), [sent, failed], t);
    const port = createStoreOutbox(store().db);
    await port.claimDue(claimRequest(t));
    await port.markSent(sent, {
      attempt: 1,
      at: t,
      messageId: `<${sent}@acme.example>`,
      response: '250 OK',
    });
    await port.markFailed(failed, {
      attempt: 1,
      at: t,
      error: '550 No such user',
      nextAttemptAt: null,
    });
    expect(await getMessage(store().db, sent)).toMatchObject({
      status: 'sent',
      sentAt: t.toISOString(),
      messageId: `<${sent}@acme.example>`,
      lastError: null,
    });
    expect(await getMessage(store().db, failed)).toMatchObject({
      status: 'failed',
      lastError: '550 No such user',
    });
    expect(await port.claimDue(claimRequest(new Date(t.getTime() + 60 * MINUTE)))).toEqual([]);
  });

  test('holding without a mail server holds due pending rows only, without counting an attempt', async () => {
    const t = startTime();
    const [due = '', later = ''] = await queue(store(), 'hold', 2);
    await dueAt(store(), [due], t);
    await dueAt(store(), [later], new Date(t.getTime() + MINUTE));
    const port = createStoreOutbox(store().db);
    expect(await port.holdDue({ now: t, reason: 'not sent: no mail server configured' })).toBe(1);
    expect(await getMessage(store().db, due)).toMatchObject({
      status: 'held',
      attempts: 0,
      lastError: 'not sent: no mail server configured',
    });
    expect(await getMessage(store().db, later)).toMatchObject({ status: 'pending' });
  });
});
