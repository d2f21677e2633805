/**
 * The two long operations, as background jobs: uploading a file to preview a run, and applying
 * a previewed run. Each answers 202 with the job's id at once; progress is polled at
 * `GET /api/jobs/:jobId` or followed at `GET /api/jobs/:jobId/events`. What can be refused at
 * once (unknown or paused configuration, a run not previewed or blocked, another apply running
 * here) is refused at once with its status; a stale plan shows as the job's error and the run's.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { applyRun } from '../../runs/apply-run.js';
import { AppError } from '../../runs/app-error.js';
import { getConfiguration } from '../../runs/configurations.js';
import { previewRun } from '../../runs/preview-run.js';
import { getRunView } from '../../runs/run-results.js';
import type { AppServices } from '../app-services.js';
import { errorResponses } from '../error-body.js';
import { actorOf } from '../request-actor.js';
import { JobStartedSchema } from '../schemas/job-schemas.js';
import { uploadLimitOf } from '../upload-limit.js';
import { receiveUpload } from '../upload.js';

const Params = z.object({ id: z.string() });

function parseWelcomeToggle(value: string | undefined): boolean | null {
  if (value === undefined || value === '') return null;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new AppError('invalid-input', 'sendWelcomeEmail must be true or false', {
    fields: [{ field: 'sendWelcomeEmail', message: 'must be true or false' }],
  });
}

/** The job-starting routes. */
export const runJobRoutes: FastifyPluginAsyncZod<AppServices> = (app, { runs, jobs }) => {
  app.post(
    '/api/configs/:id/runs',
    {
      schema: {
        tags: ['runs'],
        summary: 'Upload a file and preview a run of this configuration (background job)',
        description:
          'multipart/form-data: the .xlsx or .csv file in the field `file`, optionally ' +
          '`sendWelcomeEmail` = true|false for this run. Answers 202 {jobId}; the job’s runId ' +
          'is set when the preview is ready.',
        consumes: ['multipart/form-data'],
        params: Params,
        response: { 202: JobStartedSchema, ...errorResponses(404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const config = await getConfiguration(runs, request.params.id);
      if (config.status === 'paused') {
        throw new AppError(
          'config-paused',
          `"${config.name}" is paused: resume it before previewing or running it`,
        );
      }
      const upload = await receiveUpload(request, await uploadLimitOf(runs));
      let sendWelcomeEmail: boolean | null;
      try {
        sendWelcomeEmail = parseWelcomeToggle(upload.fields.sendWelcomeEmail);
      } catch (error) {
        await upload.dispose();
        throw error;
      }
      const actor = actorOf(request);
      const log = request.log.child({ configId: config.id });
      const job = jobs.start('preview', null, async (report) => {
        try {
          const run = await previewRun(runs, {
            config: config.id,
            filePath: upload.filePath,
            fileName: upload.fileName,
            actor,
            sendWelcomeEmail,
            onProgress: report,
          });
          log.info({ runId: run.id, counts: run.counts }, 'preview ready');
          return run.id;
        } finally {
          await upload.dispose();
        }
      });
      return reply.code(202).send({ jobId: job.jobId, runId: null });
    },
  );

  app.post(
    '/api/runs/:id/apply',
    {
      schema: {
        tags: ['runs'],
        summary: 'Apply a previewed run (background job)',
        description:
          'Answers 202 {jobId, runId}. Refused at once (409) when the run is not previewed, has ' +
          'blockers (open conflicts, seats, safeguard, paused configuration), or another run ' +
          'is being applied. A plan gone stale since the preview fails the job (stale-plan).',
        params: Params,
        response: { 202: JobStartedSchema, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const runId = request.params.id;
      const run = await getRunView(runs, runId);
      if (run.status !== 'previewed') {
        throw new AppError(
          'run-state',
          `the run is ${run.status}: only a previewed run can be applied`,
        );
      }
      const [blocker] = run.blockers;
      if (blocker !== undefined) throw new AppError(blocker.code, blocker.message);
      if (jobs.isRunning('apply')) {
        throw new AppError(
          'apply-busy',
          'another run is being applied; try again when it has finished',
        );
      }
      const actor = actorOf(request);
      const log = request.log.child({ runId });
      const job = jobs.start('apply', runId, async (report) => {
        const applied = await applyRun(runs, runId, actor, { onProgress: report });
        log.info({ counts: applied.counts }, 'run applied');
        return applied.id;
      });
      return reply.code(202).send({ jobId: job.jobId, runId });
    },
  );
  return Promise.resolve();
};
