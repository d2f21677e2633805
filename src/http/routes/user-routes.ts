/**
 * The directory's users: list (search, filters, paging), show with history, edit, activate,
 * deactivate.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  editDirectoryUser,
  getDirectoryUser,
  listDirectoryUsers,
  setDirectoryUserStatus,
} from '../../runs/users.js';
import type { AppServices } from '../app-services.js';
import { errorResponses } from '../error-body.js';
import { actorOf } from '../request-actor.js';
import { UserViewSchema, presentUser } from '../schemas/user-schemas.js';
import { AuditEntrySchema } from './audit-routes.js';

const Params = z.object({ id: z.string().describe('The user’s id, or their userName.') });
const tags = ['users'];

const ListQuerySchema = z.object({
  search: z.string().max(255).optional().describe('Part of userName, email, first or last name.'),
  status: z.enum(['active', 'inactive']).optional(),
  authMethod: z.enum(['password', 'sso']).optional(),
  createdBySync: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only users a sync created; false: only users made by hand.'),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** The user routes. */
export const userRoutes: FastifyPluginAsyncZod<AppServices> = (app, { runs }) => {
  app.get(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'List users by userName, with search, filters and paging',
        querystring: ListQuerySchema,
        response: {
          200: z.object({ total: z.number().int(), items: z.array(UserViewSchema) }),
          ...errorResponses(),
        },
      },
    },
    async (request) => {
      const { search, status, authMethod, createdBySync, offset, limit } = request.query;
      const page = await listDirectoryUsers(runs, {
        offset,
        limit,
        ...(search === undefined ? {} : { search }),
        ...(status === undefined ? {} : { status }),
        ...(authMethod === undefined ? {} : { authMethod }),
        ...(createdBySync === undefined ? {} : { createdBySync: createdBySync === 'true' }),
      });
      return { total: page.total, items: page.users.map(presentUser) };
    },
  );

  app.get(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary: 'A user with their change history, newest first',
        params: Params,
        response: {
          200: UserViewSchema.extend({ history: z.array(AuditEntrySchema) }),
          ...errorResponses(404),
        },
      },
    },
    async (request) => {
      const user = await getDirectoryUser(runs, request.params.id);
      return { ...presentUser(user), history: user.history };
    },
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary: 'Edit a user’s fields (not userName); validated like a file’s cells',
        params: Params,
        body: z.object({ fields: z.record(z.string(), z.string().max(255)) }).strict(),
        response: { 200: UserViewSchema, ...errorResponses(404) },
      },
    },
    async (request) =>
      presentUser(
        await editDirectoryUser(runs, request.params.id, request.body.fields, actorOf(request)),
      ),
  );

  for (const [action, status] of [
    ['activate', 'active'],
    ['deactivate', 'inactive'],
  ] as const) {
    app.post(
      `/api/users/:id/${action}`,
      {
        schema: {
          tags,
          summary:
            status === 'active'
              ? 'Activate a user (respects the seat limit)'
              : 'Deactivate a user (never yourself, nor the last active administrator)',
          params: Params,
          response: { 200: UserViewSchema, ...errorResponses(404, 409) },
        },
      },
      async (request) =>
        presentUser(
          await setDirectoryUserStatus(runs, request.params.id, status, actorOf(request)),
        ),
    );
  }
  return Promise.resolve();
};
