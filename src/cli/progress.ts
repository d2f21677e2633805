/** A one-line progress report on stderr for long previews and applies (only on a terminal). */
import type { ProgressListener, RunProgress } from '../runs/runs-context.js';
import type { CliIo } from './main.js';

const PHASES: Readonly<Record<RunProgress['phase'], string>> = {
  reading: 'Reading the file',
  planning: 'Planning',
  staging: 'Saving the preview',
  checking: 'Checking the directory has not changed',
  applying: 'Applying',
  done: 'Done',
};

const WIDTH = 30;

function bar(done: number, total: number): string {
  const filled = Math.round((Math.min(done, total) / Math.max(total, 1)) * WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}]`;
}

/** A listener that redraws one line at most ten times a second; a no-op off a terminal. */
export function progressLine(io: CliIo): { listener: ProgressListener; finish: () => void } {
  if (io.isInteractive !== true) return { listener: () => undefined, finish: () => undefined };
  let last = 0;
  let drawn = false;
  const listener: ProgressListener = (progress) => {
    const now = Date.now();
    if (now - last < 100 && progress.phase !== 'done') return;
    last = now;
    const count =
      progress.total === null
        ? `${progress.done.toLocaleString('en-US')} rows`
        : `${bar(progress.done, progress.total)} ${progress.done.toLocaleString('en-US')}/${progress.total.toLocaleString('en-US')}`;
    io.err(`\r\u001b[2K${PHASES[progress.phase]} ${count}`);
    drawn = true;
  };
  return {
    listener,
    finish: () => {
      if (drawn) io.err('\r\u001b[2K');
    },
  };
}
