/**
 * The real server for the browser tests: src/http/server.ts (store, interrupted runs, the mail
 * service that holds welcome e-mails without a mail server, the Fastify app) on an ephemeral
 * port, a fresh SQLite database in a temporary folder, serving the built UI from web/dist
 * (built here first when it is missing or older than web/src).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseServerConfig } from '../../src/http/server-config.js';
import { startServer as startRealServer } from '../../src/http/server.js';
import type { Store } from '../../src/store/open-store.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WEB = join(ROOT, 'web');
const DIST = join(WEB, 'dist');

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, entry) => Math.max(newest, newestMtime(join(path, entry))),
    stat.mtimeMs,
  );
}

/** Builds web/dist with Vite unless it is newer than every source of the UI. */
export function ensureWebBuild(): void {
  const index = join(DIST, 'index.html');
  const sources = Math.max(
    newestMtime(join(WEB, 'src')),
    newestMtime(join(WEB, 'index.html')),
    newestMtime(join(WEB, 'vite.config.ts')),
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'web/vite.config.ts',
    ],
    { cwd: ROOT, stdio: 'pipe' },
  );
}

/** A running server and how to stop it. */
export interface E2eServer {
  readonly url: string;
  readonly store: Store;
  stop(): Promise<void>;
}

/** Starts the server on 127.0.0.1 and a free port, with a fresh database. */
export async function startServer(): Promise<E2eServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'usersync-e2e-'));
  const config = parseServerConfig({
    USERSYNC_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'e2e-'.repeat(16),
  });
  const server = await startRealServer(config, { webDistDir: DIST, mail: { pollMs: 500 } });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const address = server.app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    store: server.store,
    async stop() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
