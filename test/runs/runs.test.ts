import { expect, test } from 'vitest';
import { applyRun, cancelRun, failInterruptedRuns } from '../../src/runs/apply-run.js';
import {
  deleteConfiguration,
  getConfiguration,
  setConfigurationPaused,
} from '../../src/runs/configurations.js';
import { decideConflicts, setRunOptions } from '../../src/runs/decide-conflicts.js';
import {
  getRunView,
  listRunConflicts,
  listRunRows,
  runHistory,
} from '../../src/runs/run-results.js';
import { editDirectoryUser, findDirectoryUser } from '../../src/runs/users.js';
import { updateSettings } from '../../src/runs/settings.js';
import { countUsers } from '../../src/store/users-repository.js';
import { setRunStatus } from '../../src/store/runs-repository.js';
import { describeStore } from '../store/store-targets.js';
import { aRow } from './csv-file.js';
import { aConfiguration, admin, contextOf, previewRows } from './run-cases.js';

describeStore('runs: preview, decide, apply', ({ store, database }) => {
  const ctx = () => contextOf(store());

  test('a preview classifies every row and changes nothing in the directory', async () => {
    await aConfiguration(ctx(), 'pv');
    const before = await countUsers(store().db);
    const run = await previewRows(ctx(), 'pv', [
      aRow('pv.ann'),
      aRow('pv.bob'),
      aRow('pv.bad', { email: 'not-an-address' }),
    ]);
    expect(run.status).toBe('previewed');
    expect(run.counts).toEqual({ new: 2, updated: 0, deactivated: 0, skipped: 0, error: 1 });
    expect(await countUsers(store().db)).toEqual(before);
    const errors = await listRunRows(ctx(), run.id, { classes: ['error'] });
    expect(errors.total).toBe(1);
    expect(errors.rows[0]).toMatchObject({ row: 4, userName: 'pv.bad', class: 'error' });
    expect(errors.rows[0]?.errors[0]).toMatchObject({ row: 4, field: 'email' });
  });

  test('applying creates the users, and applying the same file again changes nothing', async () => {
    await aConfiguration(ctx(), 'twice');
    const rows = [aRow('tw.ann', { title: 'Lead' }), aRow('tw.bob', { manager: 'tw.ann' })];
    const first = await applyRun(ctx(), (await previewRows(ctx(), 'twice', rows)).id, admin);
    expect(first.status).toBe('applied');
    expect(first.counts.new).toBe(2);
    expect((await findDirectoryUser(ctx(), 'tw.bob')).fields.manager).toBe('tw.ann');
    const again = await previewRows(ctx(), 'twice', rows);
    expect(again.counts).toMatchObject({ new: 0, updated: 0, deactivated: 0, skipped: 2 });
    const applied = await applyRun(ctx(), again.id, admin);
    expect(applied.status).toBe('applied');
    const history = await runHistory(ctx(), 'twice');
    expect(history.map((run) => run.status)).toEqual(['applied', 'applied']);
  });

  test('a paused configuration can be neither previewed nor applied', async () => {
    await aConfiguration(ctx(), 'paused');
    const run = await previewRows(ctx(), 'paused', [aRow('pa.one')]);
    await setConfigurationPaused(ctx(), 'paused', true, admin);
    await expect(previewRows(ctx(), 'paused', [aRow('pa.two')])).rejects.toMatchObject({
      code: 'config-paused',
    });
    await expect(applyRun(ctx(), run.id, admin)).rejects.toMatchObject({ code: 'config-paused' });
    await setConfigurationPaused(ctx(), 'paused', false, admin);
    expect((await applyRun(ctx(), run.id, admin)).status).toBe('applied');
  });

  test('open conflicts block the apply; a remembered decision decides the next run by itself', async () => {
    await aConfiguration(ctx(), 'ask', { conflicts: { default: 'ask' } });
    await applyRun(
      ctx(),
      (await previewRows(ctx(), 'ask', [aRow('ask.one', { title: 'A' })])).id,
      admin,
    );
    const run = await previewRows(ctx(), 'ask', [aRow('ask.one', { title: 'B' })]);
    expect(run.openConflicts).toBe(1);
    expect(run.blockers.map((blocker) => blocker.code)).toEqual(['open-conflicts']);
    await expect(applyRun(ctx(), run.id, admin)).rejects.toMatchObject({ code: 'open-conflicts' });
    const { conflicts } = await listRunConflicts(ctx(), run.id);
    expect(conflicts).toMatchObject([
      { userName: 'ask.one', field: 'title', current: 'A', incoming: 'B' },
    ]);
    const decided = await decideConflicts(
      ctx(),
      run.id,
      [{ scope: 'field', field: 'title', choice: 'source', remember: true }],
      admin,
    );
    expect(decided.openConflicts).toBe(0);
    await applyRun(ctx(), run.id, admin);
    expect((await findDirectoryUser(ctx(), 'ask.one')).fields.title).toBe('B');
    expect((await getConfiguration(ctx(), 'ask')).remembered).toEqual([
      { userName: 'ask.one', field: 'title', choice: 'source' },
    ]);
    const next = await previewRows(ctx(), 'ask', [aRow('ask.one', { title: 'C' })]);
    expect(next.openConflicts).toBe(0);
    expect(next.counts.updated).toBe(1);
  });

  test('a decision that keeps every stored value turns the row Skipped', async () => {
    await aConfiguration(ctx(), 'keep', { conflicts: { default: 'ask' } });
    await applyRun(
      ctx(),
      (await previewRows(ctx(), 'keep', [aRow('kp.one', { title: 'A' })])).id,
      admin,
    );
    const run = await previewRows(ctx(), 'keep', [aRow('kp.one', { title: 'B' })]);
    const decided = await decideConflicts(
      ctx(),
      run.id,
      [{ scope: 'one', userName: 'kp.one', field: 'title', choice: 'destination' }],
      admin,
    );
    expect(decided.counts).toMatchObject({ updated: 0, skipped: 1 });
  });

  test('a decision on userName or an unknown field is refused with a message', async () => {
    await aConfiguration(ctx(), 'baddecide');
    const run = await previewRows(ctx(), 'baddecide', [aRow('bd.one')]);
    await expect(
      decideConflicts(
        ctx(),
        run.id,
        [{ scope: 'field', field: 'userName', choice: 'source' }],
        admin,
      ),
    ).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(
      decideConflicts(
        ctx(),
        run.id,
        [{ scope: 'field', field: 'shoeSize', choice: 'source' }],
        admin,
      ),
    ).rejects.toMatchObject({ code: 'invalid-input' });
  });

  test('a directory changed since the preview refuses the apply, names the row, and changes nothing', async () => {
    await aConfiguration(ctx(), 'stale');
    await applyRun(
      ctx(),
      (await previewRows(ctx(), 'stale', [aRow('st.one', { title: 'A' })])).id,
      admin,
    );
    const run = await previewRows(ctx(), 'stale', [aRow('st.one', { title: 'B' }), aRow('st.new')]);
    await editDirectoryUser(ctx(), 'st.one', { title: 'Changed by hand' }, admin);
    const refusal = applyRun(ctx(), run.id, admin);
    await expect(refusal).rejects.toMatchObject({ code: 'stale-plan' });
    await expect(refusal).rejects.toThrow(/st\.one/);
    expect((await findDirectoryUser(ctx(), 'st.one')).fields.title).toBe('Changed by hand');
    await expect(findDirectoryUser(ctx(), 'st.new')).rejects.toMatchObject({ code: 'not-found' });
    const failed = await getRunView(ctx(), run.id);
    expect(failed.status).toBe('failed');
    expect(failed.errorMessage).toMatch(/preview the file again/);
  });

  test('a run that would end above the seat limit is refused; one adding no active users is not', async () => {
    await aConfiguration(ctx(), 'seats');
    const { active } = await countUsers(store().db);
    await updateSettings(ctx(), { licensing: 'named', seatLimit: active + 1 }, admin);
    try {
      const over = await previewRows(ctx(), 'seats', [aRow('se.one'), aRow('se.two')]);
      expect(over.seats).toMatchObject({
        active,
        after: active + 2,
        limit: active + 1,
        exceeded: true,
      });
      expect(over.blockers.map((blocker) => blocker.code)).toEqual(['seat-limit']);
      await expect(applyRun(ctx(), over.id, admin)).rejects.toMatchObject({ code: 'seat-limit' });
      expect((await getRunView(ctx(), over.id)).status).toBe('previewed');
      const fits = await previewRows(ctx(), 'seats', [aRow('se.one')]);
      expect((await applyRun(ctx(), fits.id, admin)).status).toBe('applied');
    } finally {
      await updateSettings(ctx(), { licensing: 'none', seatLimit: null }, admin);
    }
  });

  test('the deactivation safeguard refuses the apply until it is overridden for the run', async () => {
    await aConfiguration(ctx(), 'guard', {
      removedUsers: 'deactivate',
      deactivationLimit: { count: 1 },
    });
    const everyone = [aRow('sg.a'), aRow('sg.b'), aRow('sg.c')];
    await applyRun(ctx(), (await previewRows(ctx(), 'guard', everyone)).id, admin);
    const run = await previewRows(ctx(), 'guard', [aRow('sg.a')]);
    expect(run.counts.deactivated).toBe(2);
    expect(run.safeguard).toMatchObject({ deactivations: 2, limit: 1, exceeded: true });
    await expect(applyRun(ctx(), run.id, admin)).rejects.toMatchObject({ code: 'safeguard' });
    await setRunOptions(ctx(), run.id, { overrideSafeguard: true }, admin);
    expect((await applyRun(ctx(), run.id, admin)).status).toBe('applied');
    expect((await findDirectoryUser(ctx(), 'sg.b')).status).toBe('inactive');
    expect((await findDirectoryUser(ctx(), 'sg.a')).status).toBe('active');
  });

  test('a cancelled run stays in the history and can no longer be applied', async () => {
    await aConfiguration(ctx(), 'cancel');
    const run = await previewRows(ctx(), 'cancel', [aRow('ca.one')]);
    expect((await cancelRun(ctx(), run.id, admin)).status).toBe('cancelled');
    await expect(applyRun(ctx(), run.id, admin)).rejects.toMatchObject({ code: 'run-state' });
    expect((await runHistory(ctx(), 'cancel')).map((entry) => entry.status)).toEqual(['cancelled']);
  });

  test('deleting a configuration removes its runs and keeps every user; one that is applying is refused', async () => {
    await aConfiguration(ctx(), 'delete-me');
    await applyRun(ctx(), (await previewRows(ctx(), 'delete-me', [aRow('del.one')])).id, admin);
    const pending = await previewRows(ctx(), 'delete-me', [aRow('del.one')]);
    await setRunStatus(store().db, pending.id, 'applying', ['previewed']);
    await expect(deleteConfiguration(ctx(), 'delete-me', admin)).rejects.toMatchObject({
      code: 'run-state',
    });
    await setRunStatus(store().db, pending.id, 'failed', ['applying']);
    await deleteConfiguration(ctx(), 'delete-me', admin);
    await expect(getConfiguration(ctx(), 'delete-me')).rejects.toMatchObject({ code: 'not-found' });
    await expect(getRunView(ctx(), pending.id)).rejects.toMatchObject({ code: 'not-found' });
    expect((await findDirectoryUser(ctx(), 'del.one')).status).toBe('active');
  });

  test('a run left applying by a dead process is failed at the next start and can be previewed again', async () => {
    await aConfiguration(ctx(), 'killed');
    const run = await previewRows(ctx(), 'killed', [aRow('ki.one')]);
    await setRunStatus(store().db, run.id, 'applying', ['previewed']);
    expect(await failInterruptedRuns(ctx())).toBe(1);
    const failed = await getRunView(ctx(), run.id);
    expect(failed.status).toBe('failed');
    expect(failed.errorMessage).toMatch(/nothing was changed/);
    const again = await previewRows(ctx(), 'killed', [aRow('ki.one')]);
    expect((await applyRun(ctx(), again.id, admin)).counts.new).toBe(1);
  });

  test('an apply that finds another one holding the lock waits, then is refused clearly and stays previewed', async () => {
    await aConfiguration(ctx(), 'busy');
    const run = await previewRows(ctx(), 'busy', [aRow('busy.one')]);
    const impatient = database().open({ applyLockTimeoutMs: 100, busyTimeoutMs: 100 });
    let release: () => void = () => undefined;
    const held = store().withApplyLock(
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const refusal = applyRun(contextOf(impatient), run.id, admin);
      await expect(refusal).rejects.toMatchObject({ code: 'apply-busy' });
      await expect(refusal).rejects.toThrow(
        /another run being applied|another run is being applied/i,
      );
    } finally {
      release();
      await held;
      await impatient.close();
    }
    expect((await getRunView(ctx(), run.id)).status).toBe('previewed');
    expect((await applyRun(ctx(), run.id, admin)).status).toBe('applied');
  });

  test('two applies started together both finish: the second waits for the first', async () => {
    await aConfiguration(ctx(), 'para-a');
    await aConfiguration(ctx(), 'para-b');
    const a = await previewRows(ctx(), 'para-a', [aRow('pa2.a1'), aRow('pa2.a2')]);
    const b = await previewRows(ctx(), 'para-b', [aRow('pa2.b1')]);
    const other = database().open();
    try {
      const done = await Promise.all([
        applyRun(ctx(), a.id, admin),
        applyRun(contextOf(other), b.id, admin),
      ]);
      expect(done.map((run) => run.status)).toEqual(['applied', 'applied']);
    } finally {
      await other.close();
    }
    expect((await findDirectoryUser(ctx(), 'pa2.b1')).status).toBe('active');
  });
});
