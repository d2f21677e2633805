/**
 * The audit log: `GET /api/audit`.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listAuditLog } from '../../runs/audit-log.js';
import type { AppServices } from '../app-services.js';
import { errorResponses } from '../error-body.js';
import { PagingQuerySchema } from '../schemas/paging.js';

/** One audit entry. */
export const AuditEntrySchema = z
  .object({
    id: z.number().int().describe('Increasing in the order entries were written.'),
    at: z.string(),
    actor: z.object({ id: z.string().nullable(), name: z.string() }),
    action: z.string().describe('user.create, user.update, run.apply, token.create, …'),
    configId: z.string().nullable(),
    runId: z.string().nullable(),
    userId: z.string().nullable(),
    field: z.string().nullable(),
    before: z.string().nullable(),
    after: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'AuditEntry' });

/** The audit route. */
export const auditRoutes: FastifyPluginAsyncZod<AppServices> = (app, services) => {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first',
        querystring: PagingQuerySchema,
        response: {
          200: z.object({ total: z.number().int(), items: z.array(AuditEntrySchema) }),
          ...errorResponses(),
        },
      },
    },
    async (request) => listAuditLog(services, request.query),
  );
  return Promise.resolve();
};
