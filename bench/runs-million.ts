/**
 * Child of bench/runs.ts: previews and applies one file (1M rows) on a fresh SQLite database in
 * this process, then prints the times and this process's peak RSS as JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { applyRun } from '../src/runs/apply-run.js';
import { createConfiguration } from '../src/runs/configurations.js';
import { previewRun } from '../src/runs/preview-run.js';
import { openStore } from '../src/store/open-store.js';

const [file = ''] = process.argv.slice(2);
const dataDir = mkdtempSync(join(tmpdir(), 'usersync-bench-1m-'));
const store = openStore({ dataDir });
try {
  await store.migrate();
  // A 1M-row file with all 24 columns and inline strings is ~132 MiB, over the default 100 MiB.
  const ctx = { store, readLimits: { maxUploadBytes: 512 * 1024 * 1024 } };
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
}
