import { expect, test } from 'vitest';
import { listAuditByRun, listAuditByUser } from '../../src/store/audit-log-repository.js';
import { getBaseline } from '../../src/store/baselines-repository.js';
import { createConfig } from '../../src/store/configs-repository.js';
import { loadDirectory } from '../../src/store/load-directory.js';
import { listMessages } from '../../src/store/outbox-repository.js';
import { listRememberedDecisions } from '../../src/store/remembered-decisions-repository.js';
import { createRun, getRun, setRunStatus } from '../../src/store/runs-repository.js';
import type { Db } from '../../src/store/store-db.js';
import { createUser, getUserByUserName, listUsers } from '../../src/store/users-repository.js';
import { writePlan } from '../../src/store/write-plan.js';
import type { Plan } from '../../src/engine/plan.js';
import type { Store } from '../../src/store/open-store.js';
import { aConfig, aCreate, aPlan, aRun, anActor, anUpdate, aUser, someFields } from './builders.js';
import { describeStore } from './store-targets.js';

/** Creates a configuration and an `applying` run of `plan`; returns their ids. */
async function applyingRun(store: Store, name: string, plan: Plan) {
  const config = await createConfig(store.db, aConfig(name), anActor);
  const run = await createRun(store.db, aRun(config.id, plan));
  await setRunStatus(store.db, run.id, 'applying', ['previewed']);
  return { configId: config.id, runId: run.id };
}

const byPrefix = async (db: Db, prefix: string) =>
  (await loadDirectory(db)).users.filter((user) => user.fields.userName.startsWith(prefix));

describeStore('store: applying a plan', ({ store, database }) => {
  test('new users are created with their managers, even managers created in the same run', async () => {
    const plan = aPlan([
      aCreate('mgr.worker', { fields: someFields('mgr.worker', { manager: 'MGR.BOSS' }) }),
      aCreate('mgr.boss', { fields: someFields('mgr.boss', { manager: 'mgr.top' }) }),
      aCreate('mgr.top', { sendWelcome: true }),
    ]);
    const { configId, runId } = await applyingRun(store(), 'managers', plan);
    const result = await store().withApplyLock((tx) =>
      writePlan(tx, { runId, configId, plan, actor: anActor }),
    );
    expect(result).toMatchObject({ created: 3, emailsQueued: 1 });
    const users = await byPrefix(store().db, 'mgr.');
    const managerOf = Object.fromEntries(users.map((u) => [u.fields.userName, u.fields.manager]));
    expect(managerOf).toEqual({ 'mgr.worker': 'mgr.boss', 'mgr.boss': 'mgr.top', 'mgr.top': '' });
    const created = await listUsers(store().db, { search: 'mgr.', createdBySync: true });
    expect(created.total).toBe(3);
    expect((await getRun(store().db, runId))?.status).toBe('applied');
    expect((await getRun(store().db, runId))?.emailsQueued).toBe(1);
    expect(await getBaseline(store().db, configId)).toEqual(['mgr.worker', 'mgr.boss', 'mgr.top']);
    const mail = await listMessages(store().db, { runId });
    expect(mail).toMatchObject([
      { kind: 'welcome', recipient: 'mgr.top@example.com', status: 'pending' },
    ]);
    // Each created user's id is the one its audit entry and its welcome message name.
    const top = users.find((user) => user.fields.userName === 'mgr.top');
    expect(mail[0]?.userId).toBe(top?.id);
    for (const user of users) {
      expect(await listAuditByUser(store().db, user.id)).toMatchObject([
        { action: 'user.create', userId: user.id, runId },
      ]);
    }
  });

  test('updates and status changes are written, each field change with an audit entry', async () => {
    const user = await createUser(store().db, aUser('upd.one'), anActor);
    await createUser(store().db, aUser('upd.boss'), anActor);
    const plan = aPlan(
      [
        anUpdate(user.id, 'upd.one', {
          set: { title: 'Lead', email: 'New.Address@example.com', manager: 'upd.boss' },
          status: 'inactive',
        }),
      ],
      { before: { [`${user.id}:email`]: 'upd.one@example.com' } },
    );
    const { configId, runId } = await applyingRun(store(), 'updates', plan);
    await store().withApplyLock((tx) =>
      writePlan(tx, {
        runId,
        configId,
        plan,
        actor: anActor,
        remember: [{ userName: 'upd.one', field: 'title', choice: 'source' }],
      }),
    );
    const stored = await getUserByUserName(store().db, 'upd.one');
    expect(stored?.fields).toMatchObject({
      title: 'Lead',
      email: 'New.Address@example.com',
      manager: 'upd.boss',
    });
    expect(stored?.status).toBe('inactive');
    const history = await listAuditByUser(store().db, user.id);
    const fromRun = history.filter((entry) => entry.runId === runId);
    expect(fromRun.map((entry) => [entry.field, entry.before, entry.after]).sort()).toEqual(
      [
        ['active', 'true', 'false'],
        ['email', 'upd.one@example.com', 'New.Address@example.com'],
        ['manager', '', 'upd.boss'],
        ['title', '', 'Lead'],
      ].sort(),
    );
    expect((await listAuditByRun(store().db, runId)).at(-1)?.action).toBe('run.apply');
    expect(await listRememberedDecisions(store().db, configId)).toEqual([
      { userName: 'upd.one', field: 'title', choice: 'source' },
    ]);
    const byNewEmail = await listUsers(store().db, { search: 'new.address@' });
    expect(byNewEmail.users.map((u) => u.id)).toEqual([user.id]);
  });

  test('a failure after the writes leaves the directory, the baseline and the run untouched', async () => {
    const plan = aPlan([aCreate('atomic.a'), aCreate('atomic.b', { sendWelcome: true })]);
    const { configId, runId } = await applyingRun(store(), 'atomic', plan);
    const attempt = store().withApplyLock(async (tx) => {
      await writePlan(tx, { runId, configId, plan, actor: anActor });
      throw new Error('deliberate failure after writing');
    });
    await expect(attempt).rejects.toThrow('deliberate failure');
    expect(await byPrefix(store().db, 'atomic.')).toEqual([]);
    expect(await getBaseline(store().db, configId)).toBeNull();
    expect((await getRun(store().db, runId))?.status).toBe('applying');
    expect(await listMessages(store().db, { runId })).toEqual([]);
    expect(await listAuditByRun(store().db, runId)).toEqual([]);
    // The store is usable afterwards: the same plan applies.
    await store().withApplyLock((tx) => writePlan(tx, { runId, configId, plan, actor: anActor }));
    expect(await byPrefix(store().db, 'atomic.')).toHaveLength(2);
  });

  test('writing a plan refuses a run that is not applying', async () => {
    const plan = aPlan([aCreate('state.a')]);
    const config = await createConfig(store().db, aConfig('state'), anActor);
    const run = await createRun(store().db, aRun(config.id, plan));
    const attempt = store().withApplyLock((tx) =>
      writePlan(tx, { runId: run.id, configId: config.id, plan, actor: anActor }),
    );
    await expect(attempt).rejects.toMatchObject({ code: 'run-state' });
    expect(await byPrefix(store().db, 'state.')).toEqual([]);
  });

  test('two applies never interleave: the second waits for the first to commit', async () => {
    const other = database().open();
    try {
      const events: string[] = [];
      let releaseFirst: () => void = () => undefined;
      const firstHolds = new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      let firstStarted: () => void = () => undefined;
      const started = new Promise<void>((resolve) => {
        firstStarted = resolve;
      });
      const first = store().withApplyLock(async (tx) => {
        events.push('first:start');
        firstStarted();
        await firstHolds;
        await createUser(tx, aUser('lock.first'), anActor);
        events.push('first:end');
      });
      await started;
      const second = other.withApplyLock(
        async (tx) => {
          events.push('second:start');
          const seen = await getUserByUserName(tx, 'lock.first');
          events.push(seen === null ? 'second:missed-first' : 'second:saw-first');
        },
        { timeoutMs: 10_000 },
      );
      await new Promise((resolve) => setTimeout(resolve, 150));
      releaseFirst();
      await Promise.all([first, second]);
      expect(events).toEqual(['first:start', 'first:end', 'second:start', 'second:saw-first']);
    } finally {
      await other.close();
    }
  });

  test('an apply that cannot get the lock in time is refused with apply-busy', async () => {
    const other = database().open();
    try {
      let release: () => void = () => undefined;
      const holding = new Promise<void>((resolve) => {
        release = resolve;
      });
      let held: () => void = () => undefined;
      const isHeld = new Promise<void>((resolve) => {
        held = resolve;
      });
      const first = store().withApplyLock(async () => {
        held();
        await holding;
      });
      await isHeld;
      const fromOtherProcess = other.withApplyLock(() => Promise.resolve(), { timeoutMs: 200 });
      await expect(fromOtherProcess).rejects.toMatchObject({ code: 'apply-busy' });
      const fromSameProcess = store().withApplyLock(() => Promise.resolve(), { timeoutMs: 100 });
      await expect(fromSameProcess).rejects.toMatchObject({ code: 'apply-busy' });
      release();
      await first;
      await expect(other.withApplyLock(() => Promise.resolve('ok'))).resolves.toBe('ok');
    } finally {
      await other.close();
    }
  });
});
