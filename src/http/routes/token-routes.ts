/**
 * API tokens: list, create (the token is shown once), revoke.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  issueApiToken,
  listIssuedApiTokens,
  revokeIssuedApiToken,
} from '../../runs/access/api-tokens.js';
import type { AppServices } from '../app-services.js';
import { errorResponses } from '../error-body.js';
import { actorOf } from '../request-actor.js';

const ApiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdBy: z.string().nullable().describe('The administrator the token acts as.'),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });

const CreatedTokenSchema = ApiTokenSchema.extend({
  token: z.string().describe('The token itself: shown this once, never stored in clear.'),
}).meta({ id: 'CreatedApiToken' });

/** The token routes. */
export const tokenRoutes: FastifyPluginAsyncZod<AppServices> = (app, services) => {
  app.get(
    '/api/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'List API tokens (never the tokens themselves)',
        response: { 200: z.object({ items: z.array(ApiTokenSchema) }), ...errorResponses() },
      },
    },
    async () => ({ items: await listIssuedApiTokens(services.access) }),
  );

  app.post(
    '/api/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token acting as you; the answer shows it once',
        body: z.object({ name: z.string().trim().min(1).max(100) }),
        response: { 201: CreatedTokenSchema, ...errorResponses() },
      },
    },
    async (request, reply) => {
      const { token, apiToken } = await issueApiToken(
        services.access,
        request.body.name,
        actorOf(request),
      );
      return reply.code(201).send({ ...apiToken, token });
    },
  );

  app.delete(
    '/api/tokens/:id',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token',
        params: z.object({ id: z.string() }),
        response: { 204: z.null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await revokeIssuedApiToken(services.access, request.params.id, actorOf(request));
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
