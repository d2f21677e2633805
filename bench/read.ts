/**
 * Reading benchmark (issue 3): `npx tsx bench/read.ts [rows…] [--runs N] [--skip-exceljs-over N]`.
 * Generates 24-column files of users (default 100k and 1M rows; .xlsx with inline strings and
 * with shared strings via ExcelJS's streaming writer, and .csv) in the system's temp folder, then
 * prints medians of several runs (five up to 100k rows, else three; ours and its baseline run
 * alternately), all measured in this process and run (ours streams the rows, as the issue's
 * numbers ask; the last column reads with `poolValues`, as a preview that keeps its rows does):
 * our reader vs ExcelJS's streaming WorkbookReader, vs the floor (node:zlib inflating the sheet
 * part alone), CSV vs plain papaparse, and the peak RSS of streaming each file in a fresh process.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import yauzl from 'yauzl';
import { FIELD_NAMES } from '../src/engine/fields.js';
import { openSourceFile } from '../src/spreadsheet/read/index.js';

const DIR = join(tmpdir(), 'usersync-bench-read');
const CITIES = ['Chicago', 'São Paulo', 'Zürich', 'Kraków', 'Île-de-France', 'Москва', '東京'];

function user(i: number): string[] {
  const city = CITIES[i % CITIES.length] ?? 'Chicago';
  return FIELD_NAMES.map((field) => {
    switch (field) {
      case 'userName':
        return `user${String(i)}`;
      case 'email':
        return `user${String(i)}@example.com`;
      case 'active':
        return i % 10 === 0 ? 'false' : 'true';
      case 'manager':
        return i < 10 ? '' : `user${String(i % 10)}`;
      case 'city':
        return city;
      case 'phone':
        return `+1 312 555 ${String(i % 10_000).padStart(4, '0')}`;
      default:
        return `${field} ${String(i % 1000)}`;
    }
  });
}

async function generateXlsx(path: string, rows: number, sharedStrings: boolean): Promise<void> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: sharedStrings,
    useStyles: false,
  });
  const sheet = writer.addWorksheet('Users');
  sheet.addRow([...FIELD_NAMES]).commit();
  for (let i = 0; i < rows; i++) {
    sheet.addRow(user(i)).commit();
  }
  sheet.commit();
  await writer.commit();
}

function generateCsv(path: string, rows: number): void {
  const lines = [FIELD_NAMES.join(',')];
  for (let i = 0; i < rows; i++) {
    lines.push(user(i).join(','));
  }
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
}

async function ours(path: string, poolValues = false): Promise<number> {
  // a 1M-row, 24-column file passes the default upload and part limits: the bench lifts them
  const file = await openSourceFile(path, {
    limits: { maxRows: 10_000_000, maxUploadBytes: 2 ** 30, maxPartBytes: 2 ** 32 },
    poolValues,
  });
  let count = 0;
  for await (const batch of file.rowBatches()) {
    count += batch.length;
  }
  return count;
}

async function inflateFloor(path: string): Promise<number> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  let bytes = 0;
  for await (const entry of zip.eachEntry()) {
    if (entry.fileName.startsWith('xl/worksheets/sheet')) {
      const raw = await zip.openReadStreamPromise(entry, { decompress: false });
      for await (const chunk of raw.pipe(createInflateRaw({ chunkSize: 256 * 1024 }))) {
        bytes += (chunk as Buffer).length;
      }
    }
  }
  zip.close();
  return bytes;
}

async function excelJsStream(path: string): Promise<number> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'emit',
  });
  let count = 0;
  for await (const sheet of reader) {
    for await (const row of sheet) {
      count += row.number > 0 ? 1 : 0;
    }
  }
  return count - 1;
}

function papaparse(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let count = 0;
    Papa.parse<string[]>(createReadStream(path, { encoding: 'utf8' }), {
      chunk: (results) => {
        count += results.data.length;
      },
      complete: () => {
        resolve(count - 1);
      },
      error: reject,
    });
  });
}

function middle(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function seconds(task: () => Promise<number>): Promise<number> {
  const start = performance.now();
  await task();
  return (performance.now() - start) / 1000;
}

async function median(runs: number, task: () => Promise<number>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await seconds(task));
  return middle(times);
}

/**
 * The medians of `ours` and of `baseline`, run alternately (ours, baseline, ours, …) so that a
 * change in the machine's load during the benchmark weighs on both alike.
 */
async function alternate(
  runs: number,
  ours: () => Promise<number>,
  baseline: () => Promise<number>,
): Promise<[number, number]> {
  const oursTimes: number[] = [];
  const baselineTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    oursTimes.push(await seconds(ours));
    baselineTimes.push(await seconds(baseline));
  }
  return [middle(oursTimes), middle(baselineTimes)];
}

/**
 * This process's peak RSS in MB. On Linux it is VmHWM: `resourceUsage().maxRSS` survives
 * fork and exec, so a child spawned by this (by then large) benchmark process reports the
 * parent's RSS at the spawn whenever that is larger than its own peak.
 */
function ownPeakRss(): number {
  const status = existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '';
  const hwm = /^VmHWM:\s*(\d+) kB/m.exec(status)?.[1];
  return Math.round((hwm === undefined ? process.resourceUsage().maxRSS : Number(hwm)) / 1024);
}

/** Streams `path` with our reader in a fresh process and returns its peak RSS in MB. */
function peakRss(path: string): number {
  const output = execFileSync(
    process.execPath,
    [...process.execArgv, process.argv[1] ?? '', '--rss', path],
    {
      encoding: 'utf8',
    },
  );
  return Number(output.trim());
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--rss' && args[1] !== undefined) {
    await ours(args[1]);
    process.stdout.write(`${String(ownPeakRss())}\n`);
    return;
  }
  const option = (name: string, fallback: number): number => {
    const index = args.indexOf(name);
    return index >= 0 ? Number(args[index + 1]) : fallback;
  };
  const runsOption = option('--runs', 0);
  const skipExcelJsOver = option('--skip-exceljs-over', Number.POSITIVE_INFINITY);
  const sizes = args
    .filter((arg, i) => /^\d+$/.test(arg) && !args[i - 1]?.startsWith('--'))
    .map(Number);
  mkdirSync(DIR, { recursive: true });
  const table: string[] = [
    '| file | rows | ours | inflate floor | ours/floor | ExcelJS stream | ExcelJS/ours | papaparse | ours/papaparse | peak RSS (ours, streamed) | ours, pooled as a preview reads |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const s = (seconds: number): string => `${seconds.toFixed(2)} s`;
  for (const rows of sizes.length > 0 ? sizes : [100_000, 1_000_000]) {
    // Five runs each up to 100k rows; three above, where one run takes seconds.
    const runs = runsOption > 0 ? runsOption : rows > 100_000 ? 3 : 5;
    for (const kind of ['inline', 'shared', 'csv'] as const) {
      const path = join(DIR, `users-${String(rows)}-${kind}.${kind === 'csv' ? 'csv' : 'xlsx'}`);
      if (!existsSync(path)) {
        process.stderr.write(`generating ${path}\n`);
        if (kind === 'csv') {
          generateCsv(path, rows);
        } else {
          await generateXlsx(path, rows, kind === 'shared');
        }
      }
      const count = await ours(path);
      if (count !== rows) {
        throw new Error(`${path}: read ${String(count)} rows, expected ${String(rows)}`);
      }
      const rss = peakRss(path);
      if (kind === 'csv') {
        const [oursTime, papa] = await alternate(
          runs,
          () => ours(path),
          () => papaparse(path),
        );
        const pooled = s(await median(runs, () => ours(path, true)));
        table.push(
          `| csv | ${String(rows)} | ${s(oursTime)} | | | | | ${s(papa)} | ${(oursTime / papa).toFixed(2)}× | ${String(rss)} MB | ${pooled} |`,
        );
      } else {
        const [oursTime, floor] = await alternate(
          runs,
          () => ours(path),
          () => inflateFloor(path),
        );
        const pooled = s(await median(runs, () => ours(path, true)));
        const excel =
          rows > skipExcelJsOver
            ? Number.NaN
            : await median(Math.min(runs, rows > 200_000 ? 1 : runs), () => excelJsStream(path));
        table.push(
          `| xlsx ${kind} strings | ${String(rows)} | ${s(oursTime)} | ${s(floor)} | ${(oursTime / floor).toFixed(2)}× | ${Number.isNaN(excel) ? 'skipped' : s(excel)} | ${Number.isNaN(excel) ? '' : `${(excel / oursTime).toFixed(1)}×`} | | | ${String(rss)} MB | ${pooled} |`,
        );
      }
      process.stderr.write(`${table.at(-1) ?? ''}\n`);
    }
  }
  process.stdout.write(`${table.join('\n')}\n`);
}

await main();
