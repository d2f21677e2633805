/**
 * Background jobs for previews and applies, in memory: a request starts a job and returns its
 * id at once; the job's state (phase, rows done, total, run id, outcome) can be read or
 * followed as it changes. Transport-free, so the HTTP server and the command line can both use
 * it. A job is kept for an hour after it ends (and at most `maxFinished` ended jobs), then
 * forgotten; the run itself stays in the store.
 */
import { randomUUID } from 'node:crypto';
import { AppError, type AppErrorCode } from './app-error.js';

/** Where a preview or an apply is (the runs' progress report). */
export interface JobProgress {
  readonly phase: 'reading' | 'planning' | 'staging' | 'checking' | 'applying' | 'done';
  /** Rows done in this phase. */
  readonly done: number;
  /** Rows in this phase, or null when not known yet. */
  readonly total: number | null;
}

/** A job as shown to clients. */
export interface JobView {
  readonly jobId: string;
  readonly kind: 'preview' | 'apply';
  readonly state: 'running' | 'done' | 'failed';
  readonly progress: JobProgress;
  /** The run, once known (at once for an apply, at the end for a preview). */
  readonly runId: string | null;
  /** Why the job failed: an AppError's code and message, or `internal` with a generic message. */
  readonly error: { readonly code: AppErrorCode | 'internal'; readonly message: string } | null;
}

/** The work of a job: reports progress, resolves to the run id. */
export type JobWork = (report: (progress: JobProgress) => void) => Promise<string>;

/** Receives every change of a job. */
export type JobListener = (view: JobView) => void;

/** Where unexpected failures are logged. */
export interface JobLogger {
  error(details: object, message: string): void;
}

const KEEP_FINISHED_MS = 60 * 60 * 1000;

interface JobEntry {
  view: JobView;
  finishedAt: number | null;
  readonly listeners: Set<JobListener>;
  readonly finished: Promise<void>;
}

/** The registry of running and recently finished jobs. */
export class RunJobs {
  private readonly jobs = new Map<string, JobEntry>();

  constructor(
    private readonly logger: JobLogger | null = null,
    private readonly maxFinished = 1000,
  ) {}

  /** Starts `work` in the background and returns the job's first view. */
  start(kind: JobView['kind'], runId: string | null, work: JobWork): JobView {
    this.forgetOld();
    const jobId = randomUUID();
    const view: JobView = {
      jobId,
      kind,
      state: 'running',
      progress: { phase: kind === 'apply' ? 'checking' : 'reading', done: 0, total: null },
      runId,
      error: null,
    };
    let settle: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const entry: JobEntry = { view, finishedAt: null, listeners: new Set(), finished };
    this.jobs.set(jobId, entry);
    const update = (next: Partial<JobView>) => {
      if (entry.finishedAt !== null) return;
      entry.view = { ...entry.view, ...next };
      if (entry.view.state !== 'running') entry.finishedAt = Date.now();
      for (const listener of entry.listeners) listener(entry.view);
    };
    let working: Promise<string>;
    try {
      working = work((progress) => {
        update({ progress });
      });
    } catch (error) {
      working = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    void working
      .then(
        (doneRunId) => {
          update({
            state: 'done',
            runId: doneRunId,
            progress: { ...entry.view.progress, phase: 'done' },
          });
        },
        (error: unknown) => {
          if (!(error instanceof AppError)) {
            this.logger?.error({ err: error, jobId, runId: entry.view.runId }, 'job failed');
          }
          update({ state: 'failed', error: describeFailure(error) });
        },
      )
      .finally(settle);
    return view;
  }

  /** Whether a job of this kind is running. */
  isRunning(kind: JobView['kind']): boolean {
    return [...this.jobs.values()].some(
      (entry) => entry.view.kind === kind && entry.view.state === 'running',
    );
  }

  /** The running job of a run, or null (e.g. after a reload of the page that started it). */
  runningFor(runId: string): JobView | null {
    for (const entry of this.jobs.values()) {
      if (entry.view.runId === runId && entry.view.state === 'running') return entry.view;
    }
    return null;
  }

  /** A job's current view, or null when unknown or forgotten. */
  get(jobId: string): JobView | null {
    return this.jobs.get(jobId)?.view ?? null;
  }

  /**
   * Calls `listener` on every change of a job until the returned function is called. Returns
   * null for an unknown job.
   */
  subscribe(jobId: string, listener: JobListener): (() => void) | null {
    const entry = this.jobs.get(jobId);
    if (entry === undefined) return null;
    entry.listeners.add(listener);
    return () => {
      entry.listeners.delete(listener);
    };
  }

  /** Resolves when a job has ended (at once for unknown jobs). */
  async settled(jobId: string): Promise<JobView | null> {
    await this.jobs.get(jobId)?.finished;
    return this.get(jobId);
  }

  /** Resolves when every running job has ended (for shutdown and tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((entry) => entry.finished));
  }

  private forgetOld(): void {
    const now = Date.now();
    const finished = [...this.jobs].filter(([, entry]) => entry.finishedAt !== null);
    const excess = finished.length - this.maxFinished;
    finished.forEach(([jobId, entry], index) => {
      if (index < excess || now - (entry.finishedAt ?? now) > KEEP_FINISHED_MS) {
        this.jobs.delete(jobId);
      }
    });
  }
}

function describeFailure(error: unknown): NonNullable<JobView['error']> {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  return { code: 'internal', message: 'The job failed unexpectedly; the server log has details.' };
}
