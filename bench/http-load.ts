/**
 * HTTP load while a large apply runs (issue 5): starts the real server on loopback on a fresh
 * database (SQLite; PostgreSQL when DATABASE_URL is set), previews a file of N new users
 * (default 100,000), then measures the users list and the preview's rows page with autocannon
 * — once idle, once while that run is being applied — and prints median and p99 latency.
 * Bounded: a few connections, a fixed duration per phase.
 *
 *   npx tsx bench/http-load.ts [rows] [seconds] [connections]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { parseServerConfig } from '../src/http/server-config.js';
import { startServer } from '../src/http/server.js';

const ROWS = Number(process.argv[2] ?? 100_000);
const SECONDS = Number(process.argv[3] ?? 10);
const CONNECTIONS = Number(process.argv[4] ?? 8);

const dataDir = mkdtempSync(join(tmpdir(), 'usersync-load-'));
const env: Record<string, string> = { USERSYNC_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
if (process.env.DATABASE_URL !== undefined) env.DATABASE_URL = process.env.DATABASE_URL;
const server = await startServer(parseServerConfig(env));
await server.app.listen({ host: '127.0.0.1', port: 0 });
const address = server.app.server.address();
if (address === null || typeof address === 'string') throw new Error('no address');
const base = `http://127.0.0.1:${address.port}`;

async function call<T>(method: string, path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${base}${path}`, { method, ...init });
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

const setup = await fetch(`${base}/api/setup`, {
  method: 'POST',
  ...json({
    userName: 'bench.admin',
    email: 'bench@example.com',
    firstName: 'Bench',
    lastName: 'Admin',
    password: 'violet tractor 47 lantern',
  }),
});
if (setup.status !== 201) throw new Error(`setup: ${setup.status} ${await setup.text()}`);
const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
const { csrfToken } = (await setup.json()) as { csrfToken: string };
const { token } = await call<{ token: string }>(
  'POST',
  '/api/tokens',
  json({ name: 'bench' }, { cookie, 'x-csrf-token': csrfToken }),
);
const auth = { authorization: `Bearer ${token}` };
const config = await call<{ id: string }>('POST', '/api/configs', json({ name: 'Load' }, auth));

const lines = ['userName,email,firstName,lastName,department,city'];
for (let index = 0; index < ROWS; index += 1) {
  const userName = `user${String(index).padStart(7, '0')}`;
  lines.push(`${userName},${userName}@example.com,Ana,Pérez ${index},Dept ${index % 50},Lisbon`);
}
const csvPath = join(dataDir, 'users.csv');
writeFileSync(csvPath, `${lines.join('\n')}\n`);

async function waitForJob(jobId: string): Promise<{ state: string; runId: string | null }> {
  for (;;) {
    const job = await call<{ state: string; runId: string | null; error: unknown }>(
      'GET',
      `/api/jobs/${jobId}`,
      { headers: auth },
    );
    if (job.state !== 'running') {
      if (job.state === 'failed') throw new Error(`job failed: ${JSON.stringify(job.error)}`);
      return job;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const form = new FormData();
form.set(
  'file',
  new Blob([await (await import('node:fs/promises')).readFile(csvPath)]),
  'users.csv',
);
let started = Date.now();
const preview = await call<{ jobId: string }>('POST', `/api/configs/${config.id}/runs`, {
  headers: auth,
  body: form,
});
const { runId } = await waitForJob(preview.jobId);
if (runId === null) throw new Error('no run');
console.log(
  `preview of ${ROWS.toLocaleString('en')} rows: ${((Date.now() - started) / 1000).toFixed(1)} s`,
);

const TARGETS = [
  { name: 'users list', path: '/api/users?limit=100&search=user00' },
  { name: 'preview rows', path: '' },
];

async function load(label: string, seconds: number) {
  const results = await Promise.all(
    TARGETS.map((target) =>
      autocannon({
        url: `${base}${target.path === '' ? `/api/runs/${runId}/rows?class=new&offset=5000&limit=100` : target.path}`,
        connections: Math.max(1, Math.floor(CONNECTIONS / TARGETS.length)),
        duration: seconds,
        headers: auth,
      }),
    ),
  );
  results.forEach((result, index) => {
    const { latency } = result;
    console.log(
      `${label.padEnd(17)} ${(TARGETS[index]?.name ?? '').padEnd(13)} requests ${String(result.requests.total).padStart(5)}  ` +
        `median ${String(latency.p50).padStart(4)} ms  p99 ${String(latency.p99).padStart(5)} ms  ` +
        `max ${String(latency.max).padStart(5)} ms  errors ${result.errors + result.non2xx}`,
    );
  });
}

await load('idle', Math.min(SECONDS, 5));
started = Date.now();
const applying = await call<{ jobId: string }>('POST', `/api/runs/${runId}/apply`, {
  headers: auth,
});
const applied = waitForJob(applying.jobId).then(() => (Date.now() - started) / 1000);
await load('during the apply', SECONDS);
console.log(`apply of ${ROWS.toLocaleString('en')} new users: ${(await applied).toFixed(1)} s`);
await load('after the apply', Math.min(SECONDS, 5));

await server.close();
rmSync(dataDir, { recursive: true, force: true });
