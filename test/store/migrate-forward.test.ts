import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RowOutcome } from '../../src/engine/plan.js';
import { createConfig, deleteConfig } from '../../src/store/configs-repository.js';
import { storeMigrations } from '../../src/store/migrate-store.js';
import type { Store } from '../../src/store/open-store.js';
import {
  listStagedRows,
  readStagedSource,
  stageOutcomes,
} from '../../src/store/run-rows-repository.js';
import { createRun } from '../../src/store/runs-repository.js';
import type { Db } from '../../src/store/store-db.js';
import { aConfig, aCreate, aPlan, aRun, anActor } from './builders.js';
import { STORE_TARGETS, type FreshDatabase } from './store-targets.js';

const CLASSES = ['new', 'skipped', 'updated', 'skipped'] as const;

/** Stages rows as code before 0005 did: each with its source text on the row. */
async function stageWithSourceOnEachRow(
  db: Db,
  runId: string,
  rows: readonly { outcome: RowOutcome; source: string }[],
) {
  await db.kysely
    .insertInto('run_rows')
    .values(
      rows.map(({ outcome, source }, seq) => ({
        run_id: runId,
        seq,
        row_number: outcome.row,
        user_name: outcome.userName,
        user_name_key: outcome.userName,
        email: outcome.email,
        user_id: outcome.userId,
        class: outcome.class,
        reason: outcome.reason,
        changes: '[]',
        errors: '[]',
        open_conflicts: 0,
        source,
      })),
    )
    .execute();
}

for (const target of STORE_TARGETS) {
  describe.skipIf(target.skipped !== null)(`store: migrating forward [${target.name}]`, () => {
    let database: FreshDatabase | null = null;
    let store: Store | null = null;
    beforeAll(async () => {
      database = await target.create();
      store = database.open();
    });
    afterAll(async () => {
      await store?.close();
      await database?.drop();
    });

    test('a run staged before 0003 (full class index) lists its rows by class after it', async () => {
      if (store === null) throw new Error('no store');
      const db = store.db;
      const migrator = new Migrator({
        db: db.kysely,
        provider: { getMigrations: () => Promise.resolve(storeMigrations(db.dialect)) },
      });
      expect((await migrator.migrateTo('0002-outbox-attempts')).error).toBeUndefined();
      const config = await createConfig(db, aConfig('Before 0003'), anActor);
      const run = await createRun(db, aRun(config.id, aPlan([])));
      const staged = CLASSES.map((rowClass, index) => {
        const userName = `before.${String(index)}`;
        const outcome: RowOutcome = {
          row: index + 2,
          userName,
          email: '',
          userId: null,
          class: rowClass,
          reason: null,
          changes: [],
          errors: [],
          openConflicts: 0,
        };
        // As 0002-era code staged it: the source as { values, problems } JSON.
        const source = { values: { userName, email: '' }, problems: [] };
        return { outcome, source };
      });
      await stageWithSourceOnEachRow(
        db,
        run.id,
        staged.map(({ outcome, source }) => ({ outcome, source: JSON.stringify(source) })),
      );

      const migrated = await migrator.migrateTo('0003-run-rows-partial-class-index');
      expect(migrated.error).toBeUndefined();
      expect(migrated.results?.map((result) => result.migrationName)).toEqual([
        '0003-run-rows-partial-class-index',
      ]);

      const skipped = await listStagedRows(db, run.id, { classes: ['skipped'] });
      expect(skipped.rows.map((row) => row.seq)).toEqual([1, 3]);
      const changing = await listStagedRows(db, run.id, { classes: ['new', 'updated'] });
      expect(changing).toMatchObject({ total: 2, rows: [{ seq: 0 }, { seq: 2 }] });
      const mixed = await listStagedRows(db, run.id, { classes: ['new', 'skipped'], limit: 2 });
      expect(mixed).toMatchObject({ total: 3, rows: [{ seq: 0 }, { seq: 1 }] });
    });

    test('after 0004 a run staged before it reads back, and deleting its configuration deletes its staged rows', async () => {
      if (store === null) throw new Error('no store');
      const db = store.db;
      const config = await createConfig(db, aConfig('Before 0004'), anActor);
      const run = await createRun(db, aRun(config.id, aPlan([])));
      const outcome = aPlan([aCreate('before.0004')]).outcomes[0];
      if (outcome === undefined) throw new Error('no outcome');
      await stageOutcomes(db, run.id, [outcome], []);

      const migrator = new Migrator({
        db: db.kysely,
        provider: { getMigrations: () => Promise.resolve(storeMigrations(db.dialect)) },
      });
      const migrated = await migrator.migrateTo('0004-run-rows-without-run-key-check');
      expect(migrated.results?.map((result) => result.migrationName)).toEqual([
        '0004-run-rows-without-run-key-check',
      ]);

      expect(await listStagedRows(db, run.id)).toMatchObject({
        total: 1,
        rows: [{ outcome: { userName: 'before.0004' } }],
      });
      await deleteConfig(db, config.id, anActor);
      expect((await listStagedRows(db, run.id)).total).toBe(0);
    });

    test('after 0005 runs staged with a source on each row (either former shape) read back, new runs stage chunks, and deleting the configuration deletes them', async () => {
      if (store === null) throw new Error('no store');
      const db = store.db;
      const config = await createConfig(db, aConfig('Before 0005'), anActor);
      const before = await createRun(db, aRun(config.id, aPlan([])));
      const plan = aPlan([aCreate('before.a'), aCreate('before.b')]);
      const [first] = plan.outcomes;
      if (first === undefined) throw new Error('the plan has no outcome');
      // As 0004-era code staged it: each row's source on the row, [problems, userName, email].
      await stageWithSourceOnEachRow(
        db,
        before.id,
        plan.outcomes.map((outcome) => ({
          outcome,
          source: JSON.stringify([[], outcome.userName, outcome.email]),
        })),
      );

      // As 0002-era code staged it: { values, problems }.
      const earlier = await createRun(db, aRun(config.id, aPlan([])));
      const earlierSource = { values: { userName: 'earlier.a', email: '' }, problems: [] };
      await stageWithSourceOnEachRow(db, earlier.id, [
        { outcome: first, source: JSON.stringify(earlierSource) },
      ]);

      expect((await store.migrate()).applied).toEqual(['0005-run-sources']);
      expect(await readStagedSource(db, earlier.id)).toEqual([
        { row: first.row, ...earlierSource },
      ]);

      expect(await readStagedSource(db, before.id)).toEqual(
        plan.outcomes.map((outcome) => ({
          row: outcome.row,
          values: { userName: outcome.userName, email: outcome.email },
          problems: [],
        })),
      );
      const after = await createRun(db, aRun(config.id, plan));
      const sources = Array.from({ length: 150 }, (_, index) => ({
        row: index + 2,
        values: { userName: `after.${String(index)}`, email: '' },
        problems: [],
      }));
      const outcomes = sources.map((source) => ({
        ...first,
        row: source.row,
        userName: source.values.userName,
      }));
      await stageOutcomes(db, after.id, outcomes, sources);
      expect(await readStagedSource(db, after.id)).toEqual(sources);
      const stored = await db.kysely
        .selectFrom('run_rows')
        .select('source')
        .where('run_id', '=', after.id)
        .where('source', 'is not', null)
        .execute();
      expect(stored).toEqual([]);
      const chunks = await db.kysely
        .selectFrom('run_sources')
        .select('first_seq')
        .where('run_id', '=', after.id)
        .orderBy('first_seq')
        .execute();
      expect(chunks.map((chunk) => chunk.first_seq)).toEqual([0, 64, 128]);

      await deleteConfig(db, config.id, anActor);
      expect(await readStagedSource(db, after.id)).toEqual([]);
      expect(await readStagedSource(db, before.id)).toEqual([]);
      expect(await readStagedSource(db, earlier.id)).toEqual([]);
    });
  });
}
