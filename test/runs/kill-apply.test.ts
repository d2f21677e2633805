import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { applyRun, failInterruptedRuns } from '../../src/runs/apply-run.js';
import { getRunView } from '../../src/runs/run-results.js';
import type { Db } from '../../src/store/store-db.js';
import { countUsers } from '../../src/store/users-repository.js';
import { describeStore } from '../store/store-targets.js';
import { aRow } from './csv-file.js';
import { aConfiguration, admin, contextOf, previewRows } from './run-cases.js';

const CHILD = fileURLToPath(new URL('./apply-child.ts', import.meta.url));
const ROWS = 50_000;

/** Starts the child applying `runId`; resolves once it reports that it is writing. */
async function childApplying(dataDir: string, url: string, runId: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, url, runId], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('applying')) resolve();
    });
    child.on('exit', () => {
      reject(new Error(`the child ended before applying: ${output}`));
    });
  });
  return { child, output: () => output };
}

/**
 * PostgreSQL ends a killed client's session only when the statement it was running next reads
 * or writes the socket; until then the session holds the apply lock, and a start-up that came
 * that soon would leave the run to the next one. Waits (at most 20 s) until the database holds
 * no advisory lock, as a next start finds it.
 */
async function killedSessionEnded(db: Db) {
  if (db.dialect !== 'postgres') return;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const { rows } = await sql<{ held: number }>`
      select count(*)::int as held from pg_locks
      where locktype = 'advisory'
        and database = (select oid from pg_database where datname = current_database())`.execute(
      db.kysely,
    );
    if (rows[0]?.held === 0) return;
    await sleep(50);
  }
  throw new Error('the killed process still holds the apply lock after 20 s');
}

describeStore('runs: a process killed while applying', ({ store, database }) => {
  test(`SIGKILL in the middle of applying ${ROWS} rows leaves every user as before; the run is failed at the next start`, async () => {
    const ctx = contextOf(store());
    await aConfiguration(ctx, 'kill');
    const rows = Array.from({ length: ROWS }, (_, index) => aRow(`kill.${index}`, { title: 'T' }));
    const run = await previewRows(ctx, 'kill', rows);
    expect(run.counts.new).toBe(ROWS);
    const before = await countUsers(store().db);
    const { dataDir, databaseUrl = '-' } = database().options;
    const { child, output } = await childApplying(dataDir, databaseUrl, run.id);
    await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(output()).not.toContain('applied');
    expect(await countUsers(store().db)).toEqual(before);
    expect((await getRunView(ctx, run.id)).status).toBe('applying');
    await killedSessionEnded(store().db);
    expect(await failInterruptedRuns(ctx)).toBe(1);
    expect((await getRunView(ctx, run.id)).status).toBe('failed');
    const again = await previewRows(ctx, 'kill', rows.slice(0, 10));
    expect((await applyRun(ctx, again.id, admin)).counts.new).toBe(10);
  }, 120_000);
});
