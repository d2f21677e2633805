import { afterAll, expect, test } from 'vitest';
import { listMail } from '../../../src/runs/mail/mail-views.js';
import { startMailService } from '../../../src/runs/mail/mail-service.js';
import { aRow } from '../../builders/engine.js';
import { describeStore } from '../../store/store-targets.js';
import { parseMail, startSmtpServer } from '../../mail/smtp-test-server.js';
import { applyRows, contextOf, mailSettings } from './mail-fixtures.js';

const COUNT = 10_000;
const CONCURRENCY = 4;
const rows = Array.from({ length: COUNT }, (_, i) => aRow(i + 2, `bulk.${String(i)}`));
const timings: string[] = [];

afterAll(() => {
  if (timings.length > 0) console.info(timings.join('\n'));
});

describeStore('10k new users', ({ store }) => {
  const ctx = () => contextOf(store());

  test('a run of 10k new users queues 10k messages in its apply transaction, or none when it rolls back', async () => {
    const failing = applyRows(store(), rows, { failAfterWrite: true });
    await expect(failing).rejects.toThrow('rolled back on purpose');
    expect((await listMail(ctx())).total).toBe(0);
    const started = performance.now();
    const runId = await applyRows(store(), rows);
    timings.push(`${store().dialect}: apply 10k (plan + write) ${ms(started)}`);
    const queued = await listMail(ctx(), { runId, status: 'pending' });
    expect(queued.total).toBe(COUNT);
    const times = await store()
      .db.kysely.selectFrom('outbox')
      .select('created_at')
      .distinct()
      .where('run_id', '=', runId)
      .execute();
    expect(times).toHaveLength(1); // written together, by one statement time of one transaction
  });

  test('the sender drains 10k messages with at most 4 SMTP sessions at once, each delivered once', async () => {
    const server = await startSmtpServer();
    const mail = startMailService(ctx(), mailSettings(server.port), {
      autoStart: false,
      concurrency: CONCURRENCY,
    });
    try {
      const started = performance.now();
      const report = await mail.drainOnce();
      timings.push(`${store().dialect}: drain 10k over SMTP ${ms(started)}`);
      expect(report).toMatchObject({ claimed: COUNT, sent: COUNT, retrying: 0, failed: 0 });
      expect(server.received).toHaveLength(COUNT);
      expect(server.peakConnections()).toBeLessThanOrEqual(CONCURRENCY);
      expect(server.peakConcurrentData()).toBeLessThanOrEqual(CONCURRENCY);
      const ids = new Set(server.received.map((m) => parseMail(m.raw).headers.get('message-id')));
      expect(ids.size).toBe(COUNT);
      expect((await listMail(ctx(), { status: 'sent' })).total).toBe(COUNT);
      const tokens = await store()
        .db.kysely.selectFrom('password_tokens')
        .select((eb) => eb.fn.countAll().as('count'))
        .executeTakeFirst();
      expect(Number(tokens?.count)).toBe(COUNT);
    } finally {
      await mail.stop();
      await server.stop();
    }
  }, 300_000);
});

function ms(started: number): string {
  return `${String(Math.round(performance.now() - started))} ms`;
}
