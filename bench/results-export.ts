/**
 * Benchmark of the results workbook export (SPEC §5) with ExcelJS's streaming writer.
 *
 *   npx tsx bench/results-export.ts [rows] [runs]
 *
 * Writes a results workbook of `rows` generated rows (default 100,000) `runs` times (default 5)
 * to a temporary file and prints the median time, the file size and the peak RSS of the process.
 * The rows are generated lazily, so the peak RSS is the writer's, not the generator's.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type {
  DeactivatedUser,
  ResultClass,
  ResultRow,
  ResultsSummary,
} from '../src/spreadsheet/write/results-workbook-input.js';
import { writeResultsWorkbook } from '../src/spreadsheet/write/write-results.js';

const CLASSES: readonly ResultClass[] = ['new', 'updated', 'updated', 'skipped', 'error'];

function* generateRows(count: number): Generator<ResultRow> {
  for (let index = 0; index < count; index += 1) {
    const resultClass = CLASSES[index % CLASSES.length] ?? 'new';
    yield {
      row: index + 2,
      userName: `user${index}`,
      email: `user${index}@example.com`,
      class: resultClass,
      reason: resultClass === 'skipped' ? 'no changes' : null,
      changes:
        resultClass === 'updated'
          ? [
              { field: 'title', from: 'Engineer', to: 'Senior Engineer' },
              { field: 'department', from: '', to: `Dept ${index % 50}` },
            ]
          : [],
      errors:
        resultClass === 'error'
          ? [{ field: 'email', code: 'invalid-email', message: 'not a valid e-mail address' }]
          : [],
    };
  }
}

function* generateDeactivated(count: number): Generator<DeactivatedUser> {
  for (let index = 0; index < count; index += 1) {
    yield {
      userName: `gone${index}`,
      email: `gone${index}@example.com`,
      reason: 'missing from file',
    };
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const rowCount = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 5);
const deactivatedCount = Math.round(rowCount / 100);
const summary: ResultsSummary = {
  configurationName: 'Benchmark',
  runId: 'bench',
  fileName: 'users.xlsx',
  runBy: 'admin',
  runAt: new Date().toISOString(),
  status: 'applied',
  counts: { new: 0, updated: 0, deactivated: deactivatedCount, skipped: 0, error: 0 },
  emailsQueued: 0,
};

const directory = await mkdtemp(join(tmpdir(), 'usersync-bench-'));
const output = join(directory, 'results.xlsx');
let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 20);
const seconds: number[] = [];
try {
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await writeResultsWorkbook(output, {
      summary,
      rows: generateRows(rowCount),
      deactivated: generateDeactivated(deactivatedCount),
    });
    seconds.push((performance.now() - started) / 1000);
  }
  const { size } = await stat(output);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  process.stdout.write(
    [
      `results export: ${rowCount.toLocaleString('en')} rows + ${deactivatedCount.toLocaleString('en')} deactivated, ${runs} runs`,
      `  median ${median(seconds).toFixed(2)} s (runs: ${seconds.map((s) => s.toFixed(2)).join(', ')})`,
      `  file ${mib(size)}, peak RSS ${mib(peakRss)}`,
      '',
    ].join('\n'),
  );
} finally {
  clearInterval(sampler);
  await rm(directory, { recursive: true, force: true });
}
