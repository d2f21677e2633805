import { expect, test } from 'vitest';
import type { RowOutcome } from '../../src/engine/plan.js';
import type { SourceRow } from '../../src/engine/source.js';
import { createConfig } from '../../src/store/configs-repository.js';
import { listConflicts, replaceConflicts } from '../../src/store/run-conflicts-repository.js';
import { addRunDecisions, listRunDecisions } from '../../src/store/run-decisions-repository.js';
import {
  countStagedRows,
  deleteStagedRows,
  listStagedRows,
  readStagedSource,
  stageOutcomes,
} from '../../src/store/run-rows-repository.js';
import {
  createRun,
  getRun,
  markInterruptedRunsFailed,
  setRunStatus,
  updateRunPlan,
} from '../../src/store/runs-repository.js';
import { summarisePlanForRun } from '../../src/store/run-record.js';
import { aConfig, aPlan, aRun, anActor } from './builders.js';
import { describeStore } from './store-targets.js';

const CLASSES = ['new', 'updated', 'skipped', 'error'] as const;

function stagedRow(index: number): { outcome: RowOutcome; source: SourceRow } {
  const rowClass = CLASSES[index % CLASSES.length] ?? 'new';
  const userName = `staged.${String(index)}`;
  const outcome: RowOutcome = {
    row: index + 2,
    userName,
    email: `${userName}@example.com`,
    userId: null,
    class: rowClass,
    reason: rowClass === 'skipped' ? 'no changes' : null,
    changes: rowClass === 'updated' ? [{ field: 'title', from: 'A', to: 'B' }] : [],
    errors:
      rowClass === 'error'
        ? [{ row: index + 2, field: 'email', code: 'invalid-email', message: 'bad' }]
        : [],
    openConflicts: 0,
  };
  const source: SourceRow = {
    row: index + 2,
    values: { userName, email: outcome.email, title: 'Ünïcode' },
    problems: [],
  };
  return { outcome, source };
}

describeStore('store: runs and staged rows', ({ store }) => {
  test('10k staged rows are read back in pages, filtered by class, with counts', async () => {
    const config = await createConfig(store().db, aConfig('Staging'), anActor);
    const run = await createRun(store().db, aRun(config.id, aPlan([])));
    const rows = Array.from({ length: 10_000 }, (_, index) => stagedRow(index));
    const started = performance.now();
    await stageOutcomes(
      store().db,
      run.id,
      rows.map((row) => row.outcome),
      rows.map((row) => row.source),
    );
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(await countStagedRows(store().db, run.id)).toEqual({
      new: 2500,
      updated: 2500,
      deactivated: 0,
      skipped: 2500,
      error: 2500,
    });
    const errors = await listStagedRows(store().db, run.id, {
      classes: ['error'],
      limit: 2,
      offset: 1,
    });
    expect(errors.total).toBe(2500);
    expect(errors.rows.map((row) => row.seq)).toEqual([7, 11]);
    expect(errors.rows[0]?.outcome).toEqual(rows[7]?.outcome);
    const searched = await listStagedRows(store().db, run.id, { search: 'STAGED.999' });
    expect(searched.rows.map((row) => row.outcome.userName)).toContain('staged.999');
    const source = await readStagedSource(store().db, run.id);
    expect(source).toHaveLength(10_000);
    expect(source[3]).toEqual(rows[3]?.source);
    await deleteStagedRows(store().db, run.id);
    expect((await listStagedRows(store().db, run.id)).total).toBe(0);
  });

  test('staged sources read back exactly: absent vs blank, problems, any text', async () => {
    const config = await createConfig(store().db, aConfig('Sources'), anActor);
    const run = await createRun(store().db, aRun(config.id, aPlan([])));
    const sources: SourceRow[] = [
      {
        row: 2,
        values: {
          userName: 'zoë',
          email: '',
          title: 'say "hi"\nand\\bye\tnow',
          lastName: '東京 😀',
        },
        problems: [{ field: 'phone', code: 'error-cell', message: 'the cell holds #N/A' }],
      },
      { row: 3, values: { userName: 'ana', email: 'ana@example.com', phone: '' }, problems: [] },
      { row: 5, values: { userName: 'old', email: 'old@example.com' }, problems: [] },
    ];
    await stageOutcomes(
      store().db,
      run.id,
      sources.map((source, index) => ({ ...stagedRow(index).outcome, row: source.row })),
      sources,
    );
    const back = await readStagedSource(store().db, run.id);
    expect(back).toEqual(sources);
    expect('phone' in (back[0]?.values ?? {})).toBe(false);
    expect(back[1]?.values.phone).toBe('');
  });

  test('a staged row that cannot be read back rejects the re-read once it has ended, and the store stays usable', async () => {
    const config = await createConfig(store().db, aConfig('Unreadable'), anActor);
    const run = await createRun(store().db, aRun(config.id, aPlan([])));
    const rows = Array.from({ length: 25_000 }, (_, index) => stagedRow(index));
    await stageOutcomes(
      store().db,
      run.id,
      rows.map((row) => row.outcome),
      rows.map((row) => row.source),
    );
    // Mid-way: on PostgreSQL the rows after it still arrive, and are dropped.
    const chunkOf15000 = store()
      .db.kysely.selectFrom('run_sources')
      .where('run_id', '=', run.id)
      .where('first_seq', '<=', 15_000)
      .orderBy('first_seq', 'desc')
      .limit(1);
    const held = await chunkOf15000.select(['first_seq', 'rows']).executeTakeFirstOrThrow();
    const corrupt = (rows: string) =>
      store()
        .db.kysely.updateTable('run_sources')
        .set({ rows })
        .where('run_id', '=', run.id)
        .where('first_seq', '=', held.first_seq)
        .execute();
    await corrupt('[[15002, [], "not closed"');
    await expect(store().transaction((tx) => readStagedSource(tx, run.id))).rejects.toThrow(
      SyntaxError,
    );
    await corrupt(held.rows);
    const back = await store().transaction((tx) => readStagedSource(tx, run.id));
    expect(back).toHaveLength(25_000);
    expect(back[15_000]).toEqual(rows[15_000]?.source);
  });

  test('a run moves previewed → applying → applied and refuses other moves', async () => {
    const config = await createConfig(store().db, aConfig('Statuses'), anActor);
    const run = await createRun(store().db, aRun(config.id, aPlan([]), { sendWelcomeEmail: true }));
    expect(run).toMatchObject({ status: 'previewed', sendWelcomeEmail: true, fileSize: 1234 });
    await setRunStatus(store().db, run.id, 'applying', ['previewed']);
    await expect(
      setRunStatus(store().db, run.id, 'cancelled', ['previewed']),
    ).rejects.toMatchObject({
      code: 'run-state',
    });
    await expect(
      updateRunPlan(store().db, run.id, summarisePlanForRun(aPlan([]))),
    ).rejects.toMatchObject({
      code: 'run-state',
    });
    await setRunStatus(store().db, run.id, 'applied', ['applying']);
    const applied = await getRun(store().db, run.id);
    expect(applied?.status).toBe('applied');
    expect(applied?.appliedAt).not.toBeNull();
  });

  test('at start-up, runs left applying by a dead process are marked failed', async () => {
    const config = await createConfig(store().db, aConfig('Interrupted'), anActor);
    const run = await createRun(store().db, aRun(config.id, aPlan([])));
    await setRunStatus(store().db, run.id, 'applying', ['previewed']);
    expect(await markInterruptedRunsFailed(store().db)).toBeGreaterThanOrEqual(1);
    const failed = await getRun(store().db, run.id);
    expect(failed?.status).toBe('failed');
    expect(failed?.errorMessage).toMatch(/interrupted/);
  });

  test('conflicts and decisions are staged per run; a later decision replaces an earlier one', async () => {
    const config = await createConfig(store().db, aConfig('Conflicts'), anActor);
    const run = await createRun(store().db, aRun(config.id, aPlan([])));
    await replaceConflicts(store().db, run.id, [
      {
        row: 2,
        userName: 'a',
        field: 'title',
        current: 'X',
        incoming: 'Y',
        choice: null,
        decidedBy: null,
      },
      {
        row: 3,
        userName: 'b',
        field: 'phone',
        current: '1',
        incoming: '2',
        choice: 'source',
        decidedBy: 'field',
      },
    ]);
    const open = await listConflicts(store().db, run.id, { openOnly: true });
    expect(open.total).toBe(1);
    expect(open.conflicts[0]).toMatchObject({ userName: 'a', field: 'title', choice: null });
    await addRunDecisions(store().db, run.id, [
      {
        decision: { scope: 'one', userName: 'a', field: 'title', choice: 'source' },
        remember: true,
      },
      { decision: { scope: 'field', field: 'phone', choice: 'source' }, remember: false },
      {
        decision: { scope: 'one', userName: 'A', field: 'title', choice: 'destination' },
        remember: true,
      },
    ]);
    expect(await listRunDecisions(store().db, run.id)).toEqual([
      {
        decision: { scope: 'one', userName: 'a', field: 'title', choice: 'destination' },
        remember: true,
      },
      { decision: { scope: 'field', field: 'phone', choice: 'source' }, remember: false },
    ]);
  });
});
