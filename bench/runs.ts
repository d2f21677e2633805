/**
 * Runs benchmark (issue 4): `npx tsx bench/runs.ts [--rows N] [--runs N] [--million]`.
 * End to end through the use cases, on SQLite and (when TEST_DATABASE_URL is set) PostgreSQL:
 * - apply N new users: preview a file of N rows against an empty directory, then time applyRun;
 * - preview N rows against N existing users (half unchanged, a quarter updated, a tenth new,
 *   some missing): time from the uploaded .xlsx to the staged preview, twice:
 *   - right after the apply, in the same store: on SQLite the store's checkpoint thread is
 *     still copying the apply's write-ahead log (~100 MB for 100k users) into the database
 *     while the preview runs, and the two share 2 cores;
 *   - at rest: the store closed and opened again (closing checkpoints the log), as a preview
 *     finds it when the directory was applied in another process (`usersync run`, then
 *     `usersync preview`) or minutes before, the case an administrator meets. On PostgreSQL
 *     reopening changes nothing on the server; the two columns are then two like previews.
 *   An untimed preview of the same file before the apply warms the code and the page cache
 *   for both.
 * Prints medians over --runs (default 3). With --million, previews and applies 1M rows on each
 * database in a child process and prints its peak RSS. Files are generated once in the temp folder.
 * Run it with the node flag the product runs with, as the 1M child does:
 *   NODE_OPTIONS=--max-semi-space-size=64 npx tsx bench/runs.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { FIELD_NAMES } from '../src/engine/fields.js';
import { applyRun } from '../src/runs/apply-run.js';
import { createConfiguration } from '../src/runs/configurations.js';
import { previewRun } from '../src/runs/preview-run.js';
import type { RunsContext } from '../src/runs/runs-context.js';
import { openStore, type Store } from '../src/store/open-store.js';
import { adminQuery } from './pg-admin.js';

const DIR = join(tmpdir(), 'usersync-bench-runs');
const actor = { id: null, name: 'bench' };
const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const ROWS = flag('--rows', 100_000);
const RUNS = flag('--runs', 3);

/** Row i of version `version` of the file: version 2 updates a quarter and adds a tenth. */
function user(i: number, version: 1 | 2): string[] {
  return FIELD_NAMES.map((field) => {
    switch (field) {
      case 'userName':
        return `user${String(i)}`;
      case 'email':
        return `user${String(i)}@example.com`;
      case 'active':
        return 'true';
      case 'manager':
        return i < 10 ? '' : `user${String(i % 10)}`;
      case 'locale':
        return 'en-US';
      case 'timezone':
        return 'America/Chicago';
      case 'languageName':
        return 'US English';
      case 'title':
        return version === 2 && i % 4 === 0
          ? `Senior ${String(i % 100)}`
          : `Title ${String(i % 100)}`;
      default:
        return `${field} ${String(i % 1000)}`;
    }
  });
}

/** Writes (once) the .xlsx of `rows` users in `version`; v2 drops 2% and adds 10% new. */
async function fileOf(rows: number, version: 1 | 2): Promise<string> {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, `users-${String(rows)}-v${String(version)}.xlsx`);
  if (existsSync(path)) return path;
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = writer.addWorksheet('Users');
  sheet.addRow([...FIELD_NAMES]).commit();
  const last = version === 1 ? rows : rows + rows / 10;
  for (let i = 0; i < last; i++) {
    if (version === 2 && i % 50 === 1) continue;
    sheet.addRow(user(i, version)).commit();
  }
  sheet.commit();
  await writer.commit();
  return path;
}

/** A fresh database and its store, which can be closed and opened again. */
interface Fresh {
  readonly store: Store;
  reopen(): Promise<Store>;
  drop(): Promise<void>;
}

interface Database {
  readonly name: string;
  fresh(): Promise<Fresh>;
}

/** A Fresh whose store `open` opens; `dropDatabase` runs after the last close. */
function freshOf(open: () => Store, dropDatabase: () => Promise<void>): Fresh {
  let current = open();
  return {
    get store() {
      return current;
    },
    async reopen() {
      await current.close();
      current = open();
      return current;
    },
    async drop() {
      await current.close();
      await dropDatabase();
    },
  };
}

const sqlite: Database = {
  name: 'SQLite',
  fresh() {
    const dataDir = mkdtempSync(join(tmpdir(), 'usersync-bench-db-'));
    return Promise.resolve(
      freshOf(
        () => openStore({ dataDir }),
        () => {
          rmSync(dataDir, { recursive: true, force: true });
          return Promise.resolve();
        },
      ),
    );
  },
};

function postgres(url: string): Database {
  return {
    name: 'PostgreSQL',
    async fresh() {
      const name = `usersync_bench_${String(Date.now())}`;
      await adminQuery(url, `create database ${name}`);
      const target = new URL(url);
      target.pathname = `/${name}`;
      return freshOf(
        () => openStore({ dataDir: tmpdir(), databaseUrl: target.toString() }),
        () => adminQuery(url, `drop database ${name} with (force)`),
      );
    },
  };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function preview(ctx: RunsContext, file: string) {
  return previewRun(ctx, { config: 'bench', filePath: file, fileName: 'users.xlsx', actor });
}

async function benchDatabase(db: Database, v1: string, v2: string) {
  const applies: number[] = [];
  const busy: number[] = [];
  const atRest: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const fresh = await db.fresh();
    try {
      await fresh.store.migrate();
      const ctx: RunsContext = { store: fresh.store };
      await createConfiguration(ctx, { name: 'bench', removedUsers: 'deactivate' }, actor);
      const first = await preview(ctx, v1);
      // Untimed: both timed previews then find the code compiled and v2 in the page cache.
      await preview(ctx, v2);
      applies.push(await timed(() => applyRun(ctx, first.id, actor)));
      busy.push(await timed(() => preview(ctx, v2)));
      const reopened: RunsContext = { store: await fresh.reopen() };
      atRest.push(await timed(() => preview(reopened, v2)));
    } finally {
      await fresh.drop();
    }
  }
  return { applies, busy, atRest };
}

/** A table cell: the median, then every run. */
const cell = (runs: number[]) =>
  `${median(runs).toFixed(2)} s (runs: ${runs.map((s) => s.toFixed(2)).join(', ')})`;

async function main() {
  const n = ROWS.toLocaleString('en-US');
  console.log(`Generating ${n}-row files (cached in ${DIR}) …`);
  const v1 = await fileOf(ROWS, 1);
  const v2 = await fileOf(ROWS, 2);
  const databases = [
    sqlite,
    ...(process.env.TEST_DATABASE_URL ? [postgres(process.env.TEST_DATABASE_URL)] : []),
  ];
  console.log(
    `\n| database | apply ${n} new users | preview ${n} rows vs ${n} users, at rest | the same right after the apply |`,
  );
  console.log('| --- | --- | --- | --- |');
  for (const db of databases) {
    const { applies, busy, atRest } = await benchDatabase(db, v1, v2);
    console.log(`| ${db.name} | ${cell(applies)} | ${cell(atRest)} | ${cell(busy)} |`);
  }
  if (args.includes('--million')) {
    const file = await fileOf(1_000_000, 1);
    const servers = [
      { name: 'SQLite', url: [] as string[] },
      ...(process.env.TEST_DATABASE_URL
        ? [{ name: 'PostgreSQL', url: [process.env.TEST_DATABASE_URL] }]
        : []),
    ];
    for (const server of servers) {
      const out = execFileSync(
        process.execPath,
        [
          // The product's flags (bin/usersync, npm start: docs/development.md).
          '--max-semi-space-size=64',
          '--import',
          'tsx',
          join(import.meta.dirname, 'runs-million.ts'),
          file,
          ...server.url,
        ],
        { encoding: 'utf8', maxBuffer: 1 << 20 },
      );
      console.log(`\n1M rows on ${server.name}, one process: ${out.trim()}`);
    }
  }
}

await main();
