/**
 * `npm start`: reads the environment (failing fast, naming the variable), starts the server on
 * the embedded SQLite database in ./data by default (see server.ts), and serves the API and
 * the web UI until SIGINT or SIGTERM, then closes gracefully: in-flight requests and jobs
 * finish, at most 30 seconds.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { parseServerConfig, ServerConfigError, type ServerConfig } from './server-config.js';
import { startServer } from './server.js';

/** The repository's root: two levels above this file, in src/http/ and in dist/http/ alike. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const STOP_TIMEOUT_MS = 30_000;

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
  const server = await startServer(config, { logger, webDistDir: join(ROOT, 'web', 'dist') });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    setTimeout(() => {
      logger.error('stopping took over 30 s; exiting');
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    server.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => {
    stop('SIGINT');
  });
  process.on('SIGTERM', () => {
    stop('SIGTERM');
  });

  await server.app.listen({ port: config.port, host: config.host });
  logger.info(
    {
      url: config.publicUrl,
      database: server.store.location,
      docs: `${config.publicUrl}/api/docs`,
    },
    'usersync is serving',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `usersync: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
