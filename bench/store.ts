/**
 * Store benchmarks (issue 4, "Speed"): applying 100k new users (users, audit entries, welcome
 * e-mails in the outbox, baseline — one transaction under the apply lock), loading 100k users as
 * a snapshot, and staging 100k preview rows. SQLite always; PostgreSQL when TEST_DATABASE_URL or
 * DATABASE_URL is set (a scratch database is created and dropped). Medians of 3 runs, each on a
 * fresh database.
 *
 *   npx tsx bench/store.ts [users]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { SyncConfigSchema } from '../src/engine/config.js';
import { blankUserFields } from '../src/engine/directory.js';
import type { CreateUser, Plan, RowOutcome } from '../src/engine/plan.js';
import { createConfig } from '../src/store/configs-repository.js';
import { loadDirectory } from '../src/store/load-directory.js';
import { openStore, type Store } from '../src/store/open-store.js';
import { stageOutcomes } from '../src/store/run-rows-repository.js';
import { summarisePlanForRun } from '../src/store/run-record.js';
import { createRun, setRunStatus } from '../src/store/runs-repository.js';
import { writePlan } from '../src/store/write-plan.js';

const USERS = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 3);
const actor = { id: null, name: 'bench' };

function creates(count: number): CreateUser[] {
  return Array.from({ length: count }, (_, index) => {
    const userName = `user${String(index).padStart(6, '0')}`;
    return {
      kind: 'create',
      row: index + 2,
      fields: {
        ...blankUserFields(),
        userName,
        email: `${userName}@example.com`,
        firstName: 'Ana',
        lastName: `Pérez ${String(index)}`,
        title: 'Engineer',
        department: `Dept ${String(index % 50)}`,
        city: 'São Paulo',
        country: 'Brazil',
        locale: 'pt-BR',
        timezone: 'America/Sao_Paulo',
        languageName: 'Portuguese',
        // Every user but the first ten is managed by one of the first ten.
        manager: index < 10 ? '' : `user${String(index % 10).padStart(6, '0')}`,
      },
      status: 'active',
      authMethod: 'password',
      sendWelcome: true,
    };
  });
}

function planOf(changes: CreateUser[]): Plan {
  const outcomes: RowOutcome[] = changes.map((change) => ({
    row: change.row,
    userName: change.fields.userName,
    email: change.fields.email,
    userId: null,
    class: 'new',
    reason: null,
    changes: [],
    errors: [],
    openConflicts: 0,
  }));
  return {
    outcomes,
    counts: { new: changes.length, updated: 0, deactivated: 0, skipped: 0, error: 0 },
    conflicts: [],
    changes,
    seats: { active: 0, after: changes.length, limit: null, exceeded: false },
    safeguard: { deactivations: 0, limit: null, exceeded: false, overridden: false },
    sendWelcomeEmail: true,
    welcomeRecipients: changes.map((change) => change.fields.userName),
    baseline: changes.map((change) => change.fields.userName),
    blockers: [],
    fingerprint: '0'.repeat(16),
  };
}

interface Scratch {
  open(): Store;
  drop(): Promise<void>;
}

function sqliteScratch(): Scratch {
  const dataDir = mkdtempSync(join(tmpdir(), 'usersync-bench-'));
  return {
    open: () => openStore({ dataDir }),
    drop: () => {
      rmSync(dataDir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

async function admin(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(text);
  await client.end();
}

async function postgresScratch(url: string): Promise<Scratch> {
  const name = `usersync_bench_${randomBytes(4).toString('hex')}`;
  await admin(url, `create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    open: () => openStore({ dataDir: tmpdir(), databaseUrl: target.toString() }),
    drop: () => admin(url, `drop database if exists ${name} with (force)`),
  };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return (performance.now() - started) / 1000;
}

async function once(scratch: Scratch, plan: Plan) {
  const store = scratch.open();
  try {
    await store.migrate();
    const config = await createConfig(store.db, SyncConfigSchema.parse({ name: 'bench' }), actor);
    const run = await createRun(store.db, {
      configId: config.id,
      actor,
      file: { name: 'bench.xlsx', size: 1, sha256: '0'.repeat(64) },
      columns: ['userName', 'email', 'firstName', 'lastName'],
      ignoredColumns: [],
      summary: summarisePlanForRun(plan),
      sendWelcomeEmail: null,
      overrideSafeguard: false,
    });
    const sources = plan.outcomes.map((_outcome, index) => {
      const change = plan.changes[index];
      const values = change?.kind === 'create' ? { ...change.fields } : {};
      return { row: index + 2, values, problems: [] };
    });
    const stage = await timed(() => stageOutcomes(store.db, run.id, plan.outcomes, sources));
    await setRunStatus(store.db, run.id, 'applying', ['previewed']);
    const apply = await timed(() =>
      store.withApplyLock(async (tx) => {
        await loadDirectory(tx);
        await writePlan(tx, { runId: run.id, configId: config.id, plan, actor });
      }),
    );
    const load = await timed(async () => {
      const snapshot = await loadDirectory(store.db);
      if (snapshot.users.length !== plan.changes.length) throw new Error('wrong user count');
    });
    return { stage, apply, load };
  } finally {
    await store.close();
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function bench(name: string, makeScratch: () => Promise<Scratch>, plan: Plan) {
  const results: { stage: number; apply: number; load: number }[] = [];
  for (let index = 0; index < RUNS; index++) {
    const scratch = await makeScratch();
    try {
      results.push(await once(scratch, plan));
    } finally {
      await scratch.drop();
    }
  }
  const cell = (key: 'stage' | 'apply' | 'load') =>
    `${median(results.map((result) => result[key])).toFixed(2)} s`;
  console.log(`| ${name} | ${cell('apply')} | ${cell('load')} | ${cell('stage')} |`);
}

const plan = planOf(creates(USERS));
const pgUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? '';
console.log(`${String(USERS)} users, median of ${String(RUNS)} runs, fresh database each run`);
console.log(
  '| database | apply new users (incl. snapshot load, audit, outbox, baseline) | load snapshot | stage preview rows |',
);
console.log('| --- | --- | --- | --- |');
await bench('SQLite', () => Promise.resolve(sqliteScratch()), plan);
if (/^postgres(ql)?:\/\//.test(pgUrl))
  await bench('PostgreSQL', () => postgresScratch(pgUrl), plan);
else console.log('PostgreSQL skipped: set TEST_DATABASE_URL or DATABASE_URL');
