/**
 * `npm start`: reads the environment, opens and migrates the store (SQLite in ./data by
 * default), marks runs interrupted by a previous stop as failed, and serves the API and the web
 * UI until SIGINT or SIGTERM, then closes gracefully (in-flight requests and jobs finish).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { openStore } from '../store/open-store.js';
import { buildApp } from './app.js';
import { parseServerConfig, ServerConfigError, type ServerConfig } from './server-config.js';
import { resolveSessionSecret } from './session-secret.js';

/** The repository's root: two levels above this file, in src/http/ and in dist/http/ alike. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function readConfig(): ServerConfig {
  try {
    return parseServerConfig(process.env);
  } catch (error) {
    if (error instanceof ServerConfigError) {
      process.stderr.write(`usersync: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = pino({ level: config.logLevel, base: { service: 'usersync' } });
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  await store.migrate();
  const sessionSecret = resolveSessionSecret(config.sessionSecret, config.dataDir, logger);
  const app = await buildApp({
    store,
    config,
    sessionSecret,
    logger,
    webDistDir: join(ROOT, 'web', 'dist'),
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const forced = setTimeout(() => {
      logger.error('graceful stop took over 30 s; exiting');
      process.exit(1);
    }, 30_000);
    forced.unref();
    void app
      .close()
      .then(() => store.close())
      .then(() => {
        logger.info('stopped');
        process.exit(0);
      });
  };
  process.on('SIGINT', () => {
    stop('SIGINT');
  });
  process.on('SIGTERM', () => {
    stop('SIGTERM');
  });

  await app.listen({ port: config.port, host: config.host });
  logger.info(
    { url: config.publicUrl, database: store.location, docs: `${config.publicUrl}/api/docs` },
    'usersync is serving',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `usersync: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
