/**
 * Resolve conflicts: for each user and field, the current and incoming values side by side and a
 * choice; a bulk choice per field; "remember this choice" saves it on the configuration.
 */
import {
  Badge,
  Button,
  Checkbox,
  Group,
  Pagination,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, query } from '../api/client.ts';
import type { Choice, ConflictPage, ConflictView, DecisionInput, RunView } from '../api/types.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { plural, showValue } from '../format.ts';

const PAGE = 25;

function conflictKey(conflict: { userName: string; field: string }): string {
  return `${conflict.userName}\u0000${conflict.field}`;
}

export function RunConflicts({ run }: { run: RunView }) {
  const client = useQueryClient();
  const [page, setPage] = useState(1);
  // A page at a time from the server: a run may have hundreds of thousands of conflicts.
  const conflicts = useQuery({
    queryKey: ['run-conflicts', run.id, page],
    queryFn: () =>
      api.get<ConflictPage>(
        `/api/runs/${encodeURIComponent(run.id)}/conflicts${query({
          offset: (page - 1) * PAGE,
          limit: PAGE,
        })}`,
      ),
    placeholderData: keepPreviousData,
  });
  const [remember, setRemember] = useState<Record<string, boolean>>({});
  const [rememberField, setRememberField] = useState<Record<string, boolean>>({});
  const decide = useMutation({
    mutationFn: (decisions: DecisionInput[]) =>
      api.post<RunView>(`/api/runs/${encodeURIComponent(run.id)}/decisions`, { decisions }),
    onSuccess: async (view) => {
      client.setQueryData(['run', run.id], view);
      await client.invalidateQueries({ queryKey: ['run-conflicts', run.id] });
      await client.invalidateQueries({ queryKey: ['run-rows', run.id] });
    },
  });

  const shown = conflicts.data?.items ?? [];
  const fields = conflicts.data?.fields ?? [];
  const pages = Math.max(1, Math.ceil((conflicts.data?.total ?? 0) / PAGE));
  const open = fields.reduce((sum, field) => sum + field.open, 0);

  const choose = (conflict: ConflictView, choice: Choice, rememberIt: boolean) => {
    decide.mutate([
      {
        scope: 'one',
        userName: conflict.userName,
        field: conflict.field,
        choice,
        remember: rememberIt,
      },
    ]);
  };

  return (
    <Stack>
      <Text>
        These fields are set to "Ask at runtime". For each user, choose the value to keep.{' '}
        <strong aria-live="polite">
          {open === 0
            ? 'Every conflict has a decision.'
            : `${plural(open, 'conflict')} still open.`}
        </strong>
      </Text>
      <ErrorAlert error={conflicts.error} title="The conflicts could not be loaded" />
      <ErrorAlert error={decide.error} title="The decision was not saved" />
      {fields.length > 0 ? (
        <Paper withBorder p="md">
          <Title order={3} size="h5" mb="xs">
            Decide a whole field at once
          </Title>
          <Stack gap="xs">
            {fields.map(({ field, total, open: openInField }) => {
              const rememberIt = rememberField[field] === true;
              return (
                <Group key={field} gap="xs" wrap="wrap">
                  <Text size="sm" fw={600} miw={110}>
                    {field} ({total}
                    {openInField > 0 && openInField < total ? `, ${String(openInField)} open` : ''})
                  </Text>
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => {
                      decide.mutate([
                        { scope: 'field', field, choice: 'source', remember: rememberIt },
                      ]);
                    }}
                  >
                    All use incoming
                  </Button>
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => {
                      decide.mutate([
                        { scope: 'field', field, choice: 'destination', remember: rememberIt },
                      ]);
                    }}
                  >
                    All keep current
                  </Button>
                  <Checkbox
                    size="xs"
                    label="Remember these choices"
                    checked={rememberIt}
                    onChange={(event) => {
                      const checked = event.currentTarget.checked;
                      setRememberField((current) => ({ ...current, [field]: checked }));
                    }}
                  />
                </Group>
              );
            })}
          </Stack>
        </Paper>
      ) : null}
      {shown.map((conflict) => {
        const key = conflictKey(conflict);
        const rememberIt = remember[key] ?? conflict.decidedBy === 'remembered';
        return (
          <Paper
            withBorder
            p="sm"
            key={key}
            component="section"
            aria-label={`Conflict: ${conflict.userName}, ${conflict.field}`}
          >
            <Stack gap="xs">
              <Group justify="space-between" wrap="wrap">
                <Text fw={600}>
                  {conflict.userName} · {conflict.field}
                  {conflict.row !== null ? (
                    <Text span size="sm" c="dimmed">
                      {' '}
                      (row {conflict.row})
                    </Text>
                  ) : null}
                </Text>
                {conflict.choice === null ? (
                  <Badge color="orange" variant="light">
                    Open
                  </Badge>
                ) : (
                  <Badge color="green" variant="light">
                    {conflict.decidedBy === 'remembered'
                      ? 'Decided by a remembered choice'
                      : 'Decided'}
                  </Badge>
                )}
              </Group>
              <div className="side-by-side">
                <Paper bg="gray.0" p="xs">
                  <Text size="xs" c="dimmed">
                    Current value
                  </Text>
                  <Text size="sm" className="change-line">
                    {showValue(conflict.current)}
                  </Text>
                </Paper>
                <Paper bg="blue.0" p="xs">
                  <Text size="xs" c="dimmed">
                    Incoming value (file)
                  </Text>
                  <Text size="sm" className="change-line">
                    {showValue(conflict.incoming)}
                  </Text>
                </Paper>
              </div>
              <Group gap="md" wrap="wrap">
                <SegmentedControl
                  color="blue"
                  aria-label={`Value to keep for ${conflict.userName}, ${conflict.field}`}
                  data={[
                    { value: 'destination', label: 'Keep current' },
                    { value: 'source', label: 'Use incoming' },
                  ]}
                  value={conflict.choice ?? ''}
                  onChange={(value) => {
                    choose(conflict, value === 'source' ? 'source' : 'destination', rememberIt);
                  }}
                />
                <Checkbox
                  label="Remember this choice"
                  checked={rememberIt}
                  onChange={(event) => {
                    const checked = event.currentTarget.checked;
                    setRemember((current) => ({ ...current, [key]: checked }));
                    if (conflict.choice !== null) choose(conflict, conflict.choice, checked);
                  }}
                />
              </Group>
            </Stack>
          </Paper>
        );
      })}
      {pages > 1 ? (
        <Pagination total={pages} value={page} onChange={setPage} aria-label="Pages of conflicts" />
      ) : null}
    </Stack>
  );
}
