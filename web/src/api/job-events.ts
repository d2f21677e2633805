/**
 * Follows a background job (preview or apply) to its end: Server-Sent Events from
 * /api/jobs/:id/events, falling back to polling /api/jobs/:id when the stream fails.
 */
import { api } from './client.ts';
import type { JobView } from './types.ts';

const POLL_MS = 500;

/** Calls `onChange` on every update; resolves with the finished job (done or failed). */
export function followJob(
  jobId: string,
  onChange: (job: JobView) => void,
  signal?: AbortSignal,
): Promise<JobView> {
  const path = `/api/jobs/${encodeURIComponent(jobId)}`;
  return new Promise<JobView>((resolve, reject) => {
    const state = { finished: false };
    /** Read through a call: the flag changes in callbacks TypeScript's narrowing cannot see. */
    const isFinished = () => state.finished;
    let source: EventSource | null = null;
    let timer: number | null = null;

    const finish = (job: JobView) => {
      if (state.finished) return;
      state.finished = true;
      source?.close();
      if (timer !== null) window.clearTimeout(timer);
      resolve(job);
    };
    const update = (job: JobView) => {
      if (state.finished) return;
      onChange(job);
      if (job.state !== 'running') finish(job);
    };
    const poll = async () => {
      if (state.finished) return;
      try {
        update(await api.get<JobView>(path));
      } catch (error) {
        if (!isFinished()) {
          state.finished = true;
          reject(error instanceof Error ? error : new Error(String(error)));
        }
        return;
      }
      if (!isFinished()) timer = window.setTimeout(() => void poll(), POLL_MS);
    };
    signal?.addEventListener('abort', () => {
      state.finished = true;
      source?.close();
      if (timer !== null) window.clearTimeout(timer);
    });

    if (typeof EventSource === 'undefined') {
      void poll();
      return;
    }
    source = new EventSource(`${path}/events`, { withCredentials: true });
    source.addEventListener('message', (event: MessageEvent<string>) => {
      try {
        update(JSON.parse(event.data) as JobView);
      } catch {
        // A malformed event: the poll fallback below takes over.
        source?.close();
        void poll();
      }
    });
    source.addEventListener('error', () => {
      if (state.finished) return;
      source?.close();
      source = null;
      void poll();
    });
  });
}
