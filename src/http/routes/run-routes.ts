/**
 * A run after its preview: the run, its rows and conflicts, decisions, options, cancel and the
 * results export. (Starting a preview and applying are background jobs: run-job-routes.ts.)
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { cancelRun } from '../../runs/apply-run.js';
import {
  DecisionInputSchema,
  decideConflicts,
  setRunOptions,
} from '../../runs/decide-conflicts.js';
import {
  exportRunResults,
  getRunView,
  listRunConflicts,
  listRunRows,
} from '../../runs/run-results.js';
import type { AppServices } from '../app-services.js';
import { errorResponses } from '../error-body.js';
import { actorOf } from '../request-actor.js';
import {
  ConflictViewSchema,
  RowClassSchema,
  RunViewSchema,
  RowViewSchema,
} from '../schemas/run-schemas.js';
import { sendWrittenFile } from '../temp-file.js';

const Params = z.object({ id: z.string() });
const tags = ['runs'];

const RowsQuerySchema = z.object({
  class: z
    .string()
    .optional()
    .transform((value) => (value ?? '').split(',').filter((item) => item !== ''))
    .pipe(z.array(RowClassSchema))
    .describe('Comma-separated classes, e.g. new,updated; all when absent.'),
  search: z.string().max(255).optional().describe('Part of a userName (case-insensitive).'),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** The run routes. */
export const runRoutes: FastifyPluginAsyncZod<AppServices> = (app, { runs }) => {
  // Every log line of a run's request carries the run id.
  app.addHook('preHandler', (request, _reply, done) => {
    const { params } = request;
    if (typeof params === 'object' && params !== null && 'id' in params) {
      request.log = request.log.child({ runId: String(params.id) });
    }
    done();
  });
  app.get(
    '/api/runs/:id',
    {
      schema: {
        tags,
        summary: 'A run: status, counts, seats, safeguard, blockers, e-mails, error',
        params: Params,
        response: { 200: RunViewSchema, ...errorResponses(404) },
      },
    },
    async (request) => getRunView(runs, request.params.id),
  );

  app.get(
    '/api/runs/:id/rows',
    {
      schema: {
        tags,
        summary: 'A page of the run’s rows, filtered by class and userName',
        params: Params,
        querystring: RowsQuerySchema,
        response: {
          200: z.object({ total: z.number().int(), items: z.array(RowViewSchema) }),
          ...errorResponses(404),
        },
      },
    },
    async (request) => {
      const { class: classes, search, offset, limit } = request.query;
      const page = await listRunRows(runs, request.params.id, {
        classes,
        offset,
        limit,
        ...(search === undefined ? {} : { search }),
      });
      return { total: page.total, items: page.rows };
    },
  );

  app.get(
    '/api/runs/:id/conflicts',
    {
      schema: {
        tags,
        summary: 'The run’s Ask-at-runtime conflicts (open=true: only the undecided)',
        params: Params,
        querystring: z.object({
          open: z.enum(['true', 'false']).default('false').describe('Only open conflicts.'),
          offset: z.coerce.number().int().min(0).default(0),
          limit: z.coerce.number().int().min(1).max(5000).default(500),
        }),
        response: {
          200: z.object({
            total: z.number().int().describe('Conflicts matching `open`, over every page.'),
            items: z.array(ConflictViewSchema),
            fields: z
              .array(
                z.object({
                  field: z.string(),
                  total: z.number().int(),
                  open: z.number().int().describe('Still without a decision.'),
                }),
              )
              .describe('Every field with conflicts in this run, whatever page is shown.'),
          }),
          ...errorResponses(404),
        },
      },
    },
    async (request) => {
      const { open, offset, limit } = request.query;
      const page = await listRunConflicts(runs, request.params.id, {
        openOnly: open === 'true',
        offset,
        limit,
      });
      return { total: page.total, items: page.conflicts, fields: page.fields };
    },
  );

  app.post(
    '/api/runs/:id/decisions',
    {
      schema: {
        tags,
        summary: 'Decide conflicts one by one or per field; remember saves on the configuration',
        params: Params,
        body: z.object({ decisions: z.array(DecisionInputSchema).min(1).max(10_000) }),
        response: { 200: RunViewSchema, ...errorResponses(404, 409) },
      },
    },
    async (request) =>
      decideConflicts(runs, request.params.id, request.body.decisions, actorOf(request)),
  );

  app.patch(
    '/api/runs/:id',
    {
      schema: {
        tags,
        summary: 'Switch this run’s welcome e-mails, or override the deactivation safeguard',
        params: Params,
        body: z
          .object({
            sendWelcomeEmail: z.boolean().nullable().optional(),
            overrideSafeguard: z.boolean().optional(),
          })
          .strict(),
        response: { 200: RunViewSchema, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const { sendWelcomeEmail, overrideSafeguard } = request.body;
      return setRunOptions(
        runs,
        request.params.id,
        {
          ...(sendWelcomeEmail === undefined ? {} : { sendWelcomeEmail }),
          ...(overrideSafeguard === undefined ? {} : { overrideSafeguard }),
        },
        actorOf(request),
      );
    },
  );

  app.post(
    '/api/runs/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a previewed run (it stays in the history as cancelled)',
        params: Params,
        response: { 200: RunViewSchema, ...errorResponses(404, 409) },
      },
    },
    async (request) => cancelRun(runs, request.params.id, actorOf(request)),
  );

  app.get(
    '/api/runs/:id/export',
    {
      schema: {
        tags,
        summary: 'Download the run’s results as .xlsx (summary, every row, the deactivated)',
        params: Params,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { 200: z.any().describe('usersync-run-<id>.xlsx'), ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await getRunView(runs, id);
      return sendWrittenFile(reply, `usersync-run-${id}.xlsx`, (path) =>
        exportRunResults(runs, id, path),
      );
    },
  );
  return Promise.resolve();
};
