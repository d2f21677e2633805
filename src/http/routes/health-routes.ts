/**
 * Health (`/healthz`: the process answers) and readiness (`/readyz`: the database answers).
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppServices } from '../app-services.js';
import { ErrorBodySchema, errorBody } from '../error-body.js';

/** The health routes. */
export const healthRoutes: FastifyPluginAsyncZod<AppServices> = (app, services) => {
  app.get(
    '/healthz',
    {
      config: { public: true },
      logLevel: 'warn',
      schema: {
        tags: ['health'],
        summary: 'Liveness: the server answers',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    () => Promise.resolve({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { public: true },
      logLevel: 'warn',
      schema: {
        tags: ['health'],
        summary: 'Readiness: the database answers',
        response: {
          200: z.object({ status: z.literal('ready'), database: z.enum(['sqlite', 'postgres']) }),
          503: ErrorBodySchema,
        },
      },
    },
    async (request, reply) => {
      try {
        await services.store.ping();
        return { status: 'ready' as const, database: services.store.dialect };
      } catch (error) {
        request.log.error({ err: error }, 'readiness: the database does not answer');
        return reply
          .code(503)
          .send(errorBody('unavailable', 'The database does not answer; see the server log.'));
      }
    },
  );
  return Promise.resolve();
};
