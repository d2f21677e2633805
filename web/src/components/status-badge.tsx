import { Badge } from '@mantine/core';
import type { RunStatus, UserStatus } from '../api/types.ts';

const RUN_COLORS: Record<RunStatus, string> = {
  previewed: 'blue',
  applying: 'yellow',
  applied: 'green',
  failed: 'red',
  cancelled: 'gray',
};

/** A user's or a configuration's status. */
export function StatusBadge({ status }: { status: UserStatus | 'paused' }) {
  const color = status === 'active' ? 'green' : status === 'paused' ? 'orange' : 'gray';
  const label = status === 'active' ? 'Active' : status === 'paused' ? 'Paused' : 'Inactive';
  return (
    <Badge color={color} variant="light">
      {label}
    </Badge>
  );
}

/** A run's status. */
export function RunStatusBadge({ status }: { status: RunStatus }) {
  return (
    <Badge color={RUN_COLORS[status]} variant="light">
      {status}
    </Badge>
  );
}
