import { Progress, Stack, Text } from '@mantine/core';
import type { RunProgress } from '../api/types.ts';
import { formatNumber } from '../format.ts';

const PHASES: Record<RunProgress['phase'], string> = {
  reading: 'Reading the file',
  planning: 'Comparing with the directory',
  staging: 'Saving the preview',
  checking: 'Checking nothing changed since the preview',
  applying: 'Applying the changes',
  done: 'Done',
};

/** A job's phase and progress as a labelled bar. */
export function JobProgress({ progress, label }: { progress: RunProgress | null; label: string }) {
  const fraction =
    progress === null
      ? 0
      : progress.phase === 'done'
        ? 1
        : progress.total !== null && progress.total > 0
          ? Math.min(progress.done / progress.total, 1)
          : null;
  const text =
    progress === null
      ? 'Starting…'
      : `${PHASES[progress.phase]}${
          progress.total !== null && progress.phase !== 'done'
            ? ` — ${formatNumber(progress.done)} of ${formatNumber(progress.total)}`
            : progress.done > 0 && progress.phase !== 'done'
              ? ` — ${formatNumber(progress.done)}`
              : ''
        }`;
  return (
    <Stack gap={4} role="status" aria-live="polite">
      <Text size="sm">{text}</Text>
      <Progress
        value={fraction === null ? 100 : fraction * 100}
        animated={fraction === null || fraction < 1}
        striped={fraction === null}
        aria-label={label}
        size="lg"
      />
    </Stack>
  );
}
