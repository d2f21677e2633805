/**
 * Background jobs: `GET /api/jobs/:jobId` (poll) and `GET /api/jobs/:jobId/events`
 * (Server-Sent Events: the job's view on every change, then the stream ends with the job).
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../runs/app-error.js';
import type { JobView } from '../../runs/run-jobs.js';
import type { AppServices } from '../app-services.js';
import { errorResponses } from '../error-body.js';
import { JobViewSchema } from '../schemas/job-schemas.js';

const HEARTBEAT_MS = 15_000;
const Params = z.object({ jobId: z.string() });

function notFound(): AppError {
  return new AppError(
    'not-found',
    'There is no such job (jobs are kept for an hour after they end).',
  );
}

/** The job routes. */
export const jobRoutes: FastifyPluginAsyncZod<AppServices> = (app, services) => {
  app.get(
    '/api/jobs/:jobId',
    {
      schema: {
        tags: ['runs'],
        summary: 'A preview or apply job: state, progress, run id, error',
        params: Params,
        response: { 200: JobViewSchema, ...errorResponses(404) },
      },
    },
    (request) => {
      const view = services.jobs.get(request.params.jobId);
      if (view === null) throw notFound();
      return Promise.resolve(view);
    },
  );

  app.get(
    '/api/runs/:id/job',
    {
      schema: {
        tags: ['runs'],
        summary: 'The job running for a run now (its apply), or null',
        description:
          'For a page opened while the run is applying: follow the job with /api/jobs/:jobId.',
        params: z.object({ id: z.string() }),
        response: { 200: z.object({ job: JobViewSchema.nullable() }), ...errorResponses() },
      },
    },
    (request) => Promise.resolve({ job: services.jobs.runningFor(request.params.id) }),
  );

  app.get(
    '/api/jobs/:jobId/events',
    {
      schema: {
        tags: ['runs'],
        summary: 'Follow a job as Server-Sent Events',
        description:
          'Each event is `data: <Job JSON>`; the first one is the current state, the last one ' +
          'has state done or failed, after which the stream ends.',
        params: Params,
        produces: ['text/event-stream'],
        response: { 200: z.string().describe('text/event-stream'), ...errorResponses(404) },
      },
    },
    (request, reply) => {
      const { jobId } = request.params;
      const first = services.jobs.get(jobId);
      if (first === null) throw notFound();
      void reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-content-type-options': 'nosniff',
        'x-accel-buffering': 'no',
      });
      let unsubscribe: (() => void) | null = null;
      const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
      const end = () => {
        clearInterval(heartbeat);
        unsubscribe?.();
        if (!raw.writableEnded) raw.end();
      };
      const send = (view: JobView) => {
        raw.write(`data: ${JSON.stringify(view)}\n\n`);
        if (view.state !== 'running') end();
      };
      raw.on('close', end);
      send(first);
      if (first.state === 'running') unsubscribe = services.jobs.subscribe(jobId, send);
      return Promise.resolve();
    },
  );
  return Promise.resolve();
};
