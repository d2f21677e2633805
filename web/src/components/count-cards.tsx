import { Paper, Text, UnstyledButton } from '@mantine/core';
import type { Counts, RowClass } from '../api/types.ts';
import { formatNumber } from '../format.ts';

const CARDS: { key: RowClass; label: string; color: string; help: string }[] = [
  { key: 'new', label: 'New', color: 'green.8', help: 'accounts to create' },
  { key: 'updated', label: 'Updated', color: 'blue.8', help: 'users with changes' },
  { key: 'deactivated', label: 'Deactivated', color: 'orange.8', help: 'missing from the file' },
  { key: 'skipped', label: 'Skipped', color: 'gray.7', help: 'no change, or excluded' },
  { key: 'error', label: 'Errors', color: 'red.8', help: 'rows not imported' },
];

/** One card per class; pressing one filters the rows below to that class (again: all). */
export function CountCards(props: {
  counts: Counts;
  selected: RowClass | null;
  onSelect: (selected: RowClass | null) => void;
  labels?: Partial<Record<RowClass, string>>;
  help?: Partial<Record<RowClass, string>>;
}) {
  return (
    <div
      className="card-grid"
      role="group"
      aria-label="Counts by class; select one to filter the rows"
    >
      {CARDS.map((card) => (
        <UnstyledButton
          key={card.key}
          className="count-card"
          aria-pressed={props.selected === card.key}
          onClick={() => {
            props.onSelect(props.selected === card.key ? null : card.key);
          }}
        >
          <Paper withBorder p="sm" radius="md">
            <Text size="sm" c="dimmed">
              {props.labels?.[card.key] ?? card.label}
            </Text>
            <Text fz={28} fw={700} c={card.color} lh={1.2}>
              {formatNumber(props.counts[card.key])}
            </Text>
            <Text size="xs" c="dimmed">
              {props.help?.[card.key] ?? card.help}
            </Text>
          </Paper>
        </UnstyledButton>
      ))}
    </div>
  );
}
