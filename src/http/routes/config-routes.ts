/**
 * Sync configurations: list, create, show, replace, pause, resume, delete, forget a remembered
 * decision, and the run history of one.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SyncConfigSchema } from '../../engine/config.js';
import {
  createConfiguration,
  deleteConfiguration,
  forgetRememberedDecision,
  getConfiguration,
  listConfigurations,
  setConfigurationPaused,
  updateConfiguration,
} from '../../runs/configurations.js';
import { runHistoryPage } from '../../runs/run-results.js';
import type { AppServices } from '../app-services.js';
import { errorResponses } from '../error-body.js';
import { actorOf } from '../request-actor.js';
import { ConfigViewSchema } from '../schemas/config-schemas.js';
import { RunViewSchema } from '../schemas/run-schemas.js';

const Params = z.object({ id: z.string().describe('The configuration’s id, or its exact name.') });
const tags = ['configurations'];

/** The configuration routes. */
export const configRoutes: FastifyPluginAsyncZod<AppServices> = (app, { runs }) => {
  app.get(
    '/api/configs',
    {
      schema: {
        tags,
        summary: 'List the sync configurations',
        response: { 200: z.object({ items: z.array(ConfigViewSchema) }), ...errorResponses() },
      },
    },
    async () => ({ items: await listConfigurations(runs) }),
  );

  app.post(
    '/api/configs',
    {
      schema: {
        tags,
        summary: 'Create a sync configuration',
        body: SyncConfigSchema,
        response: { 201: ConfigViewSchema, ...errorResponses(409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createConfiguration(runs, request.body, actorOf(request))),
  );

  app.get(
    '/api/configs/:id',
    {
      schema: {
        tags,
        summary: 'Show a sync configuration',
        params: Params,
        response: { 200: ConfigViewSchema, ...errorResponses(404) },
      },
    },
    async (request) => getConfiguration(runs, request.params.id),
  );

  app.put(
    '/api/configs/:id',
    {
      schema: {
        tags,
        summary: 'Replace a sync configuration’s document',
        params: Params,
        body: SyncConfigSchema,
        response: { 200: ConfigViewSchema, ...errorResponses(404, 409) },
      },
    },
    async (request) => updateConfiguration(runs, request.params.id, request.body, actorOf(request)),
  );

  for (const [action, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    app.post(
      `/api/configs/:id/${action}`,
      {
        schema: {
          tags,
          summary: paused
            ? 'Pause a configuration: it can be neither previewed nor run'
            : 'Resume a paused configuration',
          params: Params,
          response: { 200: ConfigViewSchema, ...errorResponses(404) },
        },
      },
      async (request) => setConfigurationPaused(runs, request.params.id, paused, actorOf(request)),
    );
  }

  app.delete(
    '/api/configs/:id',
    {
      schema: {
        tags,
        summary: 'Delete a configuration and its run history (never a user)',
        params: Params,
        response: { 204: z.null(), ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      await deleteConfiguration(runs, request.params.id, actorOf(request));
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/api/configs/:id/remembered',
    {
      schema: {
        tags,
        summary: 'Forget a remembered conflict decision',
        params: Params,
        querystring: z.object({ userName: z.string().min(1), field: z.string().min(1) }),
        response: { 200: ConfigViewSchema, ...errorResponses(404) },
      },
    },
    async (request) =>
      forgetRememberedDecision(
        runs,
        request.params.id,
        request.query.userName,
        request.query.field,
        actorOf(request),
      ),
  );

  app.get(
    '/api/configs/:id/runs',
    {
      schema: {
        tags,
        summary: 'The configuration’s run history, newest first',
        params: Params,
        querystring: z.object({
          offset: z.coerce.number().int().min(0).default(0),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: {
          200: z.object({ total: z.number().int(), items: z.array(RunViewSchema) }),
          ...errorResponses(404),
        },
      },
    },
    async (request) => {
      const page = await runHistoryPage(runs, request.params.id, request.query);
      return { total: page.total, items: page.runs };
    },
  );
  return Promise.resolve();
};
