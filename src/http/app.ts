/**
 * Builds the Fastify application from its dependencies (no singletons): the store, the server
 * configuration, the session secret and a logger. `main.ts` wires the real ones; tests build
 * one per suite on a fresh database and call `app.inject`.
 */
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type RouteOptions } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { LoginThrottle } from '../runs/access/login-throttle.js';
import { RunJobs } from '../runs/run-jobs.js';
import type { Store } from '../store/open-store.js';
import type { AppServices, ZodApp } from './app-services.js';
import { installAuthHook } from './auth-hook.js';
import { installErrorHandler } from './error-handler.js';
import { registerOpenApi, registerOpenApiRoutes } from './openapi.js';
import { auditRoutes } from './routes/audit-routes.js';
import { configRoutes } from './routes/config-routes.js';
import { fileRoutes } from './routes/file-routes.js';
import { runJobRoutes } from './routes/run-job-routes.js';
import { runRoutes } from './routes/run-routes.js';
import { settingsRoutes } from './routes/settings-routes.js';
import { userRoutes } from './routes/user-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { jobRoutes } from './routes/job-routes.js';
import { mailRoutes } from './routes/mail-routes.js';
import { passwordRoutes } from './routes/password-routes.js';
import { sessionRoutes } from './routes/session-routes.js';
import { setupRoutes } from './routes/setup-routes.js';
import { tokenRoutes } from './routes/token-routes.js';
import { registerSecurityHeaders } from './security-headers.js';
import type { ServerConfig } from './server-config.js';
import { registerWebUi } from './web-ui.js';

/** What the application is built from. */
export interface AppDeps {
  /** The open, migrated store. */
  readonly store: Store;
  readonly config: ServerConfig;
  /** The resolved session secret (see session-secret.ts). */
  readonly sessionSecret: string;
  /** A pino logger; omitted, the app logs nothing (tests). */
  readonly logger?: FastifyBaseLogger;
  /** The built web UI's folder, or null to serve the "not built" page. */
  readonly webDistDir?: string | null;
  /** Background jobs; a new registry when omitted. */
  readonly jobs?: RunJobs;
  /** Sign-in throttling; a new one when omitted. */
  readonly throttle?: LoginThrottle;
  /** Told of every route as it is registered (the route inventory test uses it). */
  readonly onRoute?: (route: RouteOptions) => void;
  /** Wakes the mail sender: called after a run is applied and after a welcome is resent. */
  readonly wakeMail?: () => void;
}

/** The application, ready to `listen` or `inject`. */
export type App = ZodApp;

/** Builds the application; `await app.ready()` (or listen) before use. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    ...(deps.logger === undefined ? { logger: false } : { loggerInstance: deps.logger }),
    trustProxy: deps.config.trustProxy,
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  if (deps.onRoute !== undefined) app.addHook('onRoute', deps.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  const jobs = deps.jobs ?? new RunJobs(app.log);
  const wakeMail = deps.wakeMail ?? (() => undefined);
  const services: AppServices = {
    store: deps.store,
    config: deps.config,
    runs: {
      store: deps.store,
      readLimits: deps.config.readLimits,
      logger: app.log,
      onApplied: () => {
        wakeMail();
      },
    },
    access: { store: deps.store, sessionSecret: deps.sessionSecret },
    throttle: deps.throttle ?? new LoginThrottle(),
    jobs,
    wakeMail,
  };

  installErrorHandler(app);
  await registerSecurityHeaders(app, deps.config.secureCookies);
  await app.register(cookie);
  // Only routes that ask for it (config.rateLimit) are limited; sign-in has its own throttle.
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { files: 1, fields: 10, fieldSize: 1024 } });
  await registerOpenApi(app, deps.config.publicUrl);
  installAuthHook(app, services);

  await app.register(healthRoutes, services);
  await app.register(setupRoutes, services);
  await app.register(sessionRoutes, services);
  await app.register(tokenRoutes, services);
  await app.register(auditRoutes, services);
  await app.register(jobRoutes, services);
  await app.register(fileRoutes, services);
  await app.register(configRoutes, services);
  await app.register(runJobRoutes, services);
  await app.register(runRoutes, services);
  await app.register(userRoutes, services);
  await app.register(settingsRoutes, services);
  await app.register(mailRoutes, services);
  await app.register(passwordRoutes, services);

  await registerOpenApiRoutes(app);
  await registerWebUi(app, deps.webDistDir ?? null);
  app.addHook('onClose', async () => {
    await jobs.idle();
  });
  return app;
}
