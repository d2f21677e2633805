/**
 * What the routes are given: the use cases' contexts and the server's shared parts, built once
 * in `buildApp` and passed down (no singletons).
 */
import type { FastifyInstance, FastifyBaseLogger } from 'fastify';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AccessContext, Principal } from '../runs/access/access-context.js';
import type { LoginThrottle } from '../runs/access/login-throttle.js';
import type { RunJobs } from '../runs/run-jobs.js';
import type { RunsContext } from '../runs/runs-context.js';
import type { Store } from '../store/open-store.js';
import type { ServerConfig } from './server-config.js';

/** The server's shared parts. */
export interface AppServices {
  readonly store: Store;
  readonly config: ServerConfig;
  /** The run, configuration, users and settings use cases' context. */
  readonly runs: RunsContext;
  /** The access use cases' context (store and session secret). */
  readonly access: AccessContext;
  /** Sign-in throttling (in memory). */
  readonly throttle: LoginThrottle;
  /** Background previews and applies. */
  readonly jobs: RunJobs;
}

/** The Fastify instance routes are registered on: zod schemas through the type provider. */
export type ZodApp = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in administrator or API token, set by the auth hook; null on public routes. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** A route anyone may call without credentials (setup, sign in, health, …). */
    public?: boolean;
  }
}
