/**
 * The server's wiring, in one place (STYLE.md): open and migrate the store, mark the runs a
 * previous process left `applying` as failed (their transaction never committed, so the
 * directory is unchanged), resolve the session secret, start the mail service (which delivers
 * the outbox, or holds it when no mail server is configured) and build the application, which
 * wakes the mail service after every apply and resend. `main.ts` adds the environment,
 * listening and signals; tests call this directly.
 */
import type { FastifyBaseLogger } from 'fastify';
import { failInterruptedRuns } from '../runs/apply-run.js';
import { startMailService, type MailServiceOptions } from '../runs/mail/mail-service.js';
import { openStore, type Store } from '../store/open-store.js';
import { buildApp, type App } from './app.js';
import type { ServerConfig } from './server-config.js';
import { resolveSessionSecret } from './session-secret.js';

/** A started (not yet listening) server. */
export interface Server {
  readonly app: App;
  readonly store: Store;
  /** How many interrupted runs were marked failed at start. */
  readonly interruptedRuns: number;
  /** Closes the application (waiting for running jobs), the mail service, then the store. */
  close(): Promise<void>;
}

/** Opens everything the server needs and builds the application. */
export async function startServer(
  config: ServerConfig,
  options: {
    readonly logger?: FastifyBaseLogger;
    readonly webDistDir?: string | null;
    /** Tuning of the mail service (tests shorten its polling). */
    readonly mail?: MailServiceOptions;
  } = {},
): Promise<Server> {
  const { logger } = options;
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  try {
    await store.migrate();
    const interruptedRuns = await failInterruptedRuns(
      logger === undefined ? { store } : { store, logger },
    );
    const sessionSecret = resolveSessionSecret(config.sessionSecret, config.dataDir, logger);
    const mail = startMailService(
      { store, readLimits: config.readLimits, ...(logger === undefined ? {} : { logger }) },
      config.mail,
      options.mail,
    );
    let app: App;
    try {
      app = await buildApp({
        store,
        config,
        sessionSecret,
        webDistDir: options.webDistDir ?? null,
        wakeMail: () => {
          mail.wake();
        },
        ...(logger === undefined ? {} : { logger }),
      });
    } catch (error) {
      await mail.stop();
      throw error;
    }
    return {
      app,
      store,
      interruptedRuns,
      async close() {
        await app.close();
        await mail.stop();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
