/**
 * Planning benchmark (issue 2): `npx tsx bench/plan.ts [N…]` (default 100000 1000000).
 * Each size runs in a child process with the node flags the product runs with (a larger young
 * generation), heap room for 1M rows and `--expose-gc` (a collection between runs).
 * CPU profile: node --max-old-space-size=8192 --max-semi-space-size=64 --cpu-prof --import tsx \
 *   bench/plan.ts 1000000 (with BENCH_PLAN_CHILD=1 to measure in that process)
 *
 * For each N it generates a directory of N users and a file of N rows (half unchanged, a quarter
 * updated, a tenth new, a tenth of the directory missing from the file and deactivated, about 1%
 * errors; all 24 columns with locales, time zones, display languages and managers forming a
 * tree; equal values pooled as the product's loaders pool them), then prints the median time of
 * `planRun` over several runs (5 up to 100k, else 3; data generation is not timed), rows/s, the
 * time per row, the median of each phase timed on its own (indexing the directory, validating
 * the rows, the fingerprint) and the peak RSS.
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { SyncConfigSchema } from '../src/engine/config.js';
import type { DirectoryUser } from '../src/engine/directory.js';
import { indexDirectory } from '../src/engine/directory-index.js';
import { FIELD_NAMES, type FieldName, type TextField } from '../src/engine/fields.js';
import type { PlanInput } from '../src/engine/plan-input.js';
import { planRun } from '../src/engine/plan-run.js';
import { fingerprintOutcomes } from '../src/engine/plan-summary.js';
import type { SourceRow } from '../src/engine/source.js';
import { validateRows } from '../src/engine/validate-rows.js';
import { ValuePool } from '../src/engine/value-pool.js';

const LOCALES = ['en-US', 'en-GB', 'fr-FR', 'de-DE', 'ja-JP', 'pt-BR'];
/** How a file writes the locales above: not always canonical. */
const LOCALE_CELLS = ['en-us', 'en-GB', 'fr-fr', 'de-DE', 'ja-JP', 'pt_BR'];
const ZONES = ['America/Chicago', 'Europe/London', 'Europe/Paris', 'Europe/Berlin', 'Asia/Tokyo'];
const LANGUAGES = [
  'US English',
  'UK English',
  'French',
  'German',
  'Japanese',
  'Brazilian Portuguese',
];
const CITIES = ['Chicago', 'London', 'Paris', 'Berlin', 'Tokyo', 'São Paulo', 'Zürich'];
const DEPARTMENTS = ['Sales', 'Engineering', 'Support', 'Finance', 'Operations', 'Marketing'];
const TITLES = ['Engineer', 'Account Manager', 'Analyst', 'Team Lead', 'Director'];

function pick<T>(list: readonly T[], i: number): T {
  const value = list[i % list.length];
  if (value === undefined) throw new Error('empty list');
  return value;
}

/**
 * The 24 values of user `i` as a file writes them (or, with `stored`, as the directory holds
 * them). One literal in FIELD_NAMES order, as the reader's `toSourceRow` builds a row: every row
 * then shares one hidden class. (Spreading a template and overriding keys, as this bench once
 * did, gave almost every row its own hidden class and made every property access megamorphic:
 * validation measured about twice as slow as on the rows the product reads.)
 */
function userValues(i: number, stored: boolean): Record<FieldName, string> {
  const name = `user${String(i)}`;
  const k = Math.floor(i / 7);
  return {
    userName: name,
    email: `${name}@example.com`,
    firstName: `First${String(i % 997)}`,
    lastName: `Last${String(i % 1009)}`,
    middleName: i % 3 === 0 ? 'Q' : '',
    title: pick(TITLES, k),
    department: pick(DEPARTMENTS, i),
    division: i % 2 === 0 ? 'North America' : 'EMEA',
    costCenter: `CC-${String(1000 + (i % 500))}`,
    phone: `+1 312 555 ${String(i % 10_000).padStart(4, '0')}`,
    location: `${pick(CITIES, k)} office`,
    address1: `${String(1 + (i % 900))} Main Street`,
    address2: i % 4 === 0 ? `Suite ${String(i % 50)}` : '',
    city: pick(CITIES, k),
    state: 'IL',
    zip: String(60_000 + (i % 999)),
    country: 'United States',
    locale: stored ? pick(LOCALES, i) : pick(LOCALE_CELLS, i),
    timezone: pick(ZONES, i),
    languageName: stored ? pick(LANGUAGES, i) : pick(LANGUAGES, i).toLowerCase(),
    // A tree: each user reports to one with a smaller number, eight reports each.
    manager: i === 0 ? '' : `user${String(Math.floor((i - 1) / 8))}`,
    active: 'true',
    cField1: `Badge ${String(i)}`,
    cField2: i % 5 === 0 ? 'Parking B2' : '',
  };
}

/** A directory user's fields: one literal in the order the store's loadDirectory builds them. */
function storedFields(v: Record<FieldName, string>): Record<TextField, string> {
  return {
    userName: v.userName,
    email: v.email,
    firstName: v.firstName,
    lastName: v.lastName,
    middleName: v.middleName,
    title: v.title,
    department: v.department,
    division: v.division,
    costCenter: v.costCenter,
    phone: v.phone,
    location: v.location,
    address1: v.address1,
    address2: v.address2,
    city: v.city,
    state: v.state,
    zip: v.zip,
    country: v.country,
    locale: v.locale,
    timezone: v.timezone,
    languageName: v.languageName,
    manager: v.manager,
    cField1: v.cField1,
    cField2: v.cField2,
  };
}

/** What the file does with directory user `i`, by `i % 100`. */
type Fate = 'unchanged' | 'updated' | 'removed' | 'error';

function fateOf(i: number): Fate {
  const slot = i % 100;
  if (slot < 50 || (slot >= 81 && slot < 95)) return 'unchanged';
  if (slot < 75) return 'updated';
  if (slot === 80) return 'error';
  return 'removed';
}

interface Workload {
  readonly input: PlanInput;
  readonly fates: Readonly<Record<Fate | 'new', number>>;
}

/** A directory of `n` users and a file of `n` rows (90% of the users and `n / 10` new ones). */
function generate(n: number): Workload {
  const users: DirectoryUser[] = [];
  const rows: SourceRow[] = [];
  const fates = { unchanged: 0, updated: 0, removed: 0, error: 0, new: 0 };
  const toRow = (values: Record<FieldName, string>): SourceRow => ({
    row: rows.length + 2,
    values,
    problems: [],
  });
  for (let i = 0; i < n; i++) {
    const stored = userValues(i, true);
    users.push({
      id: `u${String(i)}`,
      fields: storedFields(stored),
      status: stored.active === 'true' ? 'active' : 'inactive',
      authMethod: 'password',
      role: i < 3 ? 'admin' : 'user',
    });
    const fate = fateOf(i);
    fates[fate] += 1;
    if (fate === 'removed') continue;
    const values = userValues(i, false);
    if (fate === 'updated') {
      values.title = pick(TITLES, i + 1);
      values.phone = `+1 773 555 ${String(i % 10_000).padStart(4, '0')}`;
      if (i % 4 === 0) values.department = pick(DEPARTMENTS, i + 1);
      if (i % 8 === 0 && i > 16) values.manager = `user${String(Math.floor(i / 16))}`;
    } else if (fate === 'error') {
      if (i % 2 === 0) values.email = `user${String(i)} at example.com`;
      else values.locale = 'not a locale';
    }
    rows.push(toRow(values));
  }
  for (let j = 0; rows.length < n; j++) {
    const values = userValues(n + j, false);
    values.manager = `user${String(j % Math.max(1, Math.floor(n / 2)))}`;
    fates.new += 1;
    rows.push(toRow(values));
  }
  // Equal values share one string, as the product's loaders leave them: the reader pools the
  // file's cells as it reads them for a preview (ColumnStrings), the directory load its users'
  // fields (ValuePool). Here ValuePool does both; the strings held are the same.
  const filePool = new ValuePool();
  const directoryPool = new ValuePool();
  for (const row of rows) filePool.poolFields(row.values);
  for (const user of users) directoryPool.poolFields(user.fields);
  const config = SyncConfigSchema.parse({
    name: 'Benchmark',
    removedUsers: 'deactivate',
    defaults: { locale: 'en-US', timezone: 'America/Chicago', languageName: 'US English' },
    sendWelcomeEmail: true,
  });
  const input: PlanInput = {
    file: { columns: new Set<FieldName>(FIELD_NAMES), rows },
    directory: { users },
    config,
    baseline: users.map((user) => user.fields.userName),
    decisions: [],
    remembered: [],
    settings: { ssoDomains: [], seatLimit: null },
    actorId: 'u0',
    sendWelcomeEmail: null,
    overrideSafeguard: false,
  };
  return { input, fates };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}

function time(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

function maybeGc(): void {
  // Present with --expose-gc: a collection between runs keeps one run's garbage out of the next.
  globalThis.gc?.();
}

interface Measurement {
  readonly n: number;
  readonly runs: number;
  readonly planMs: number;
  readonly indexMs: number;
  readonly validateMs: number;
  readonly fingerprintMs: number;
  readonly rssMiB: number;
}

function measure(n: number): Measurement {
  const generatedAt = performance.now();
  const { input, fates } = generate(n);
  console.error(
    `N=${String(n)}: generated in ${(performance.now() - generatedAt).toFixed(0)} ms ` +
      `(users: ${JSON.stringify(fates)})`,
  );
  const runs = n > 100_000 ? 3 : 5;
  const plans: number[] = [];
  const indexes: number[] = [];
  const validations: number[] = [];
  const fingerprints: number[] = [];
  for (let run = 0; run < runs; run++) {
    maybeGc();
    let plan: ReturnType<typeof planRun> | undefined;
    plans.push(time(() => (plan = planRun(input))));
    if (run === 0 && plan !== undefined) {
      console.error(
        `  counts ${JSON.stringify(plan.counts)}, ${String(plan.changes.length)} changes`,
      );
    }
    if (plan !== undefined)
      fingerprints.push(time(() => fingerprintOutcomes(plan?.outcomes ?? [])));
    plan = undefined;
    maybeGc();
    let index: ReturnType<typeof indexDirectory> | undefined;
    indexes.push(time(() => (index = indexDirectory(input.directory))));
    const directory = index ?? indexDirectory(input.directory);
    validations.push(
      time(() =>
        validateRows(
          input.file,
          directory,
          (row) => input.config.newUsers === 'create' && row.user === null,
        ),
      ),
    );
  }
  return {
    n,
    runs,
    planMs: median(plans),
    indexMs: median(indexes),
    validateMs: median(validations),
    fingerprintMs: median(fingerprints),
    rssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

const HEADER =
  '| N | runs | planRun median | rows/s | µs/row | indexDirectory | validateRows | rest of planRun | fingerprint (in rest) | peak RSS |\n' +
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';

function tableRow(m: Measurement): string {
  const rest = m.planMs - m.indexMs - m.validateMs;
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  return [
    '',
    m.n.toLocaleString('en-US'),
    String(m.runs),
    ms(m.planMs),
    Math.round((m.n / m.planMs) * 1000).toLocaleString('en-US'),
    ((m.planMs * 1000) / m.n).toFixed(2),
    ms(m.indexMs),
    ms(m.validateMs),
    ms(rest),
    ms(m.fingerprintMs),
    `${m.rssMiB.toFixed(0)} MiB`,
    '',
  ]
    .join(' | ')
    .trim();
}

/** The node flags of bin/usersync and `npm start` (docs/development.md explains them). */
const PRODUCT_FLAGS = ['--max-semi-space-size=64'];

function main(): void {
  const sizes = process.argv.slice(2).map(Number);
  const ns = sizes.length > 0 ? sizes : [100_000, 1_000_000];
  if (ns.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new Error('usage: bench/plan.ts [N…] with N a positive whole number');
  }
  if (process.env.BENCH_PLAN_CHILD === '1') {
    for (const n of ns) console.log(JSON.stringify(measure(n)));
    return;
  }
  // One child process per size, so that each size's peak RSS is its own, each run with the
  // node flags the product runs with (bin/usersync, npm start) and room for a million rows.
  const script = process.argv[1] ?? 'bench/plan.ts';
  console.log(HEADER);
  for (const n of ns) {
    const flags = [...PRODUCT_FLAGS, '--max-old-space-size=8192', '--expose-gc'];
    const output = execFileSync(
      process.execPath,
      [...flags, ...process.execArgv, script, String(n)],
      {
        env: { ...process.env, BENCH_PLAN_CHILD: '1' },
        stdio: ['ignore', 'pipe', 'inherit'],
        encoding: 'utf8',
      },
    );
    const measurement = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Measurement;
    console.log(tableRow(measurement));
  }
}

main();
