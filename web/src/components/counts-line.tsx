import { Group, Text } from '@mantine/core';
import type { Counts } from '../api/types.ts';
import { formatNumber } from '../format.ts';

/** "New rows", "Error rows", … */
export const ROW_TITLES = {
  new: 'New rows',
  updated: 'Updated rows',
  deactivated: 'Deactivated rows',
  skipped: 'Skipped rows',
  error: 'Error rows',
} as const;

export const CLASS_LABELS = {
  new: 'New',
  updated: 'Updated',
  deactivated: 'Deactivated',
  skipped: 'Skipped',
  error: 'Errors',
} as const;

/** The five counts of a run on one line. */
export function CountsLine({ counts }: { counts: Counts }) {
  return (
    <Group gap="sm" wrap="wrap">
      {(Object.keys(CLASS_LABELS) as (keyof Counts)[]).map((key) => (
        <Text key={key} size="sm" {...(key === 'error' && counts.error > 0 ? { c: 'red' } : {})}>
          {CLASS_LABELS[key]} {formatNumber(counts[key])}
        </Text>
      ))}
    </Group>
  );
}
