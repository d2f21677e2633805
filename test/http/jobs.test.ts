import { expect, test } from 'vitest';
import { AppError } from '../../src/runs/app-error.js';
import { RunJobs, type JobProgress, type JobView } from '../../src/runs/run-jobs.js';
import { adminToken, asToken, describeHttp } from './http-app.js';
import { aRow, csvOf, previewRows, uploadRun } from './http-requests.js';

const jobs = new RunJobs();

/** A job whose progress and end the test drives. */
function controlledJob(kind: 'preview' | 'apply', runId: string | null = null) {
  let report: (progress: JobProgress) => void = () => undefined;
  let finish: (runId: string) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const view = jobs.start(kind, runId, (reportProgress) => {
    report = reportProgress;
    return new Promise<string>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  });
  return {
    view,
    report: (progress: JobProgress) => {
      report(progress);
    },
    finish: (runId: string) => {
      finish(runId);
    },
    fail: (error: unknown) => {
      fail(error);
    },
  };
}

function events(body: string): JobView[] {
  return body
    .split('\n\n')
    .filter((chunk) => chunk.startsWith('data: '))
    .map((chunk) => JSON.parse(chunk.slice('data: '.length)) as JobView);
}

describeHttp(
  'HTTP: background jobs',
  ({ app }) => {
    /** Creates a configuration with the defaults and returns its id. */
    const createConfig = async (token: string, name: string) => {
      const created = await app().inject({
        method: 'POST',
        url: '/api/configs',
        headers: asToken(token),
        payload: { name },
      });
      expect(created.statusCode).toBe(201);
      return created.json<{ id: string }>().id;
    };

    test('a running job can be polled for its phase and rows done', async () => {
      const token = await adminToken(app());
      const job = controlledJob('preview');
      await Promise.resolve();
      job.report({ phase: 'planning', done: 500, total: 1000 });
      const polled = await app().inject({
        url: `/api/jobs/${job.view.jobId}`,
        headers: asToken(token),
      });
      expect(polled.statusCode).toBe(200);
      expect(polled.json()).toMatchObject({
        state: 'running',
        kind: 'preview',
        runId: null,
        progress: { phase: 'planning', done: 500, total: 1000 },
      });
      job.finish('run-1');
      const done = await jobs.settled(job.view.jobId);
      expect(done).toMatchObject({ state: 'done', runId: 'run-1', progress: { phase: 'done' } });
    });

    test('a run being applied names its job, so a reloaded page can follow it; none once it ends', async () => {
      const token = await adminToken(app());
      const job = controlledJob('apply', 'run-applying');
      const url = '/api/runs/run-applying/job';
      const running = await app().inject({ url, headers: asToken(token) });
      expect(running.json()).toMatchObject({
        job: { jobId: job.view.jobId, kind: 'apply', state: 'running' },
      });
      job.finish('run-applying');
      await jobs.settled(job.view.jobId);
      expect((await app().inject({ url, headers: asToken(token) })).json()).toEqual({ job: null });
    });

    test('the events stream sends every change and ends when the job ends', async () => {
      const token = await adminToken(app());
      const job = controlledJob('apply');
      const streamed = app().inject({
        url: `/api/jobs/${job.view.jobId}/events`,
        headers: asToken(token),
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      job.report({ phase: 'applying', done: 10, total: 20 });
      job.finish('run-2');
      const response = await streamed;
      expect(response.headers['content-type']).toContain('text/event-stream');
      const views = events(response.body);
      expect(views.map((view) => view.state)).toEqual(['running', 'running', 'done']);
      expect(views[1]?.progress).toEqual({ phase: 'applying', done: 10, total: 20 });
      expect(views.at(-1)?.runId).toBe('run-2');
    });

    test('a job that fails with an AppError shows its code and message', async () => {
      const token = await adminToken(app());
      const job = controlledJob('apply');
      job.fail(new AppError('stale-plan', 'The directory changed since the preview.'));
      await jobs.settled(job.view.jobId);
      const polled = await app().inject({
        url: `/api/jobs/${job.view.jobId}`,
        headers: asToken(token),
      });
      expect(polled.json()).toMatchObject({
        state: 'failed',
        error: { code: 'stale-plan', message: 'The directory changed since the preview.' },
      });
    });

    test('a job that fails unexpectedly shows a generic message, not the internals', async () => {
      const job = controlledJob('preview');
      job.fail(new Error('SQLITE_CORRUPT at page 7'));
      const view = await jobs.settled(job.view.jobId);
      expect(view?.error?.code).toBe('internal');
      expect(view?.error?.message).not.toContain('SQLITE');
    });

    test('an apply while another apply runs is refused at once with 409 apply-busy; the run stays previewed', async () => {
      const token = await adminToken(app());
      const runId = await previewRows(app(), token, await createConfig(token, 'Busy'), [
        aRow('busy'),
      ]);
      const other = controlledJob('apply', 'another-run');
      try {
        const refused = await app().inject({
          method: 'POST',
          url: `/api/runs/${runId}/apply`,
          headers: asToken(token),
        });
        expect(refused.statusCode).toBe(409);
        expect(refused.json()).toMatchObject({ error: { code: 'apply-busy' } });
        const run = await app().inject({ url: `/api/runs/${runId}`, headers: asToken(token) });
        expect(run.json()).toMatchObject({ status: 'previewed' });
      } finally {
        other.finish('another-run');
        await jobs.settled(other.view.jobId);
      }
    });

    test('a welcome toggle that is not true or false is a 400 naming the field', async () => {
      const token = await adminToken(app());
      const response = await uploadRun(
        app(),
        token,
        await createConfig(token, 'Toggle'),
        { name: 'users.csv', content: csvOf([aRow('toggle')]) },
        [{ name: 'sendWelcomeEmail', content: 'maybe' }],
      );
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        error: { details: { fields: [{ field: 'sendWelcomeEmail' }] } },
      });
    });

    test('an unknown job is 404 for polling and for events', async () => {
      const token = await adminToken(app());
      for (const url of ['/api/jobs/nope', '/api/jobs/nope/events']) {
        const response = await app().inject({ url, headers: asToken(token) });
        expect(response.statusCode).toBe(404);
        expect(response.json()).toMatchObject({ error: { code: 'not-found' } });
      }
    });
  },
  { sqliteOnly: true, jobs },
);
