/**
 * Child of bench/runs.ts: previews and applies one file (1M rows) in this process, on a fresh
 * SQLite database or, given a PostgreSQL server URL, on a fresh database there (created and
 * dropped here), then prints the times and this process's peak RSS as JSON.
 * `tsx bench/runs-million.ts <file.xlsx> [postgres://…]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { applyRun } from '../src/runs/apply-run.js';
import { createConfiguration } from '../src/runs/configurations.js';
import { previewRun } from '../src/runs/preview-run.js';
import { openStore } from '../src/store/open-store.js';

const [file = '', serverUrl] = process.argv.slice(2);

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'usersync-bench-1m-'));
const database = `usersync_bench_1m_${String(Date.now())}`;
let databaseUrl: string | undefined;
if (serverUrl !== undefined) {
  await adminQuery(serverUrl, `create database ${database}`);
  const target = new URL(serverUrl);
  target.pathname = `/${database}`;
  databaseUrl = target.toString();
}
const store = openStore({ dataDir, databaseUrl });
try {
  await store.migrate();
  // A 1M-row file with all 24 columns and inline strings is ~132 MiB, over the default 100 MiB,
  // and its sheet inflates past the default 1 GiB part limit.
  const ctx = {
    store,
    readLimits: { maxUploadBytes: 512 * 1024 * 1024, maxPartBytes: 4 * 1024 * 1024 * 1024 },
  };
  const actor = { id: null, name: 'bench' };
  await createConfiguration(ctx, { name: 'bench' }, actor);
  let start = performance.now();
  const run = await previewRun(ctx, {
    config: 'bench',
    filePath: file,
    fileName: 'users.xlsx',
    actor,
  });
  const previewSeconds = (performance.now() - start) / 1000;
  start = performance.now();
  await applyRun(ctx, run.id, actor);
  const applySeconds = (performance.now() - start) / 1000;
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify({ previewSeconds, applySeconds, peakRssMb }));
} finally {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
  if (serverUrl !== undefined)
    await adminQuery(serverUrl, `drop database ${database} with (force)`);
}
