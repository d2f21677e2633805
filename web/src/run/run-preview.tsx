/**
 * The preview: counts per class as cards that filter the rows; ignored columns; seats now /
 * after / limit; the deactivation safeguard with its explicit override; the welcome e-mail toggle.
 */
import { Alert, Checkbox, Group, List, Paper, Stack, Switch, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import type { RowClass, RunView } from '../api/types.ts';
import { CountCards } from '../components/count-cards.tsx';
import { ROW_TITLES } from '../components/counts-line.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { formatNumber, plural } from '../format.ts';
import { RunRows } from './run-rows.tsx';

export function RunPreview({ run }: { run: RunView }) {
  const client = useQueryClient();
  const [selected, setSelected] = useState<RowClass | null>(null);
  const options = useMutation({
    mutationFn: (patch: { sendWelcomeEmail?: boolean; overrideSafeguard?: boolean }) =>
      api.patch<RunView>(`/api/runs/${encodeURIComponent(run.id)}`, patch),
    onSuccess: (view) => {
      client.setQueryData(['run', run.id], view);
    },
  });
  const { seats, safeguard } = run;
  return (
    <Stack>
      <Text size="sm">
        Review what this file would change. Nothing is changed until you select Run.
      </Text>
      <CountCards counts={run.counts} selected={selected} onSelect={setSelected} />
      {run.openConflicts > 0 ? (
        <Alert color="blue" title={`${plural(run.openConflicts, 'conflict')} to resolve`}>
          Some fields are set to "Ask at runtime". Select Continue to choose a value for each. Until
          then those rows count as Updated, awaiting your decision.
        </Alert>
      ) : null}
      <Paper withBorder p="md">
        <Group gap="xl" wrap="wrap">
          <div>
            <Text size="xs" c="dimmed">
              Active users now
            </Text>
            <Text fw={700}>{formatNumber(seats.active)}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              After this run
            </Text>
            <Text fw={700} {...(seats.exceeded ? { c: 'red.8' } : {})}>
              {formatNumber(seats.after)}
            </Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              Seat limit
            </Text>
            <Text fw={700}>{seats.limit === null ? 'None' : formatNumber(seats.limit)}</Text>
          </div>
          <Switch
            label="Send new users a welcome e-mail"
            description="Only users this run creates, active, signing in with a password."
            checked={run.sendWelcomeEmail}
            disabled={options.isPending}
            onChange={(event) => {
              options.mutate({ sendWelcomeEmail: event.currentTarget.checked });
            }}
          />
        </Group>
      </Paper>
      {seats.exceeded ? (
        <Alert color="red" title="Over the seat limit" role="alert">
          This run would leave {formatNumber(seats.after)} active users, above your limit of{' '}
          {formatNumber(seats.limit ?? 0)}. Run is disabled: remove users from the file, set New
          users to Skip, deactivate users, or raise the seat limit in Settings.
        </Alert>
      ) : null}
      {safeguard.exceeded ? (
        <Alert color="orange" title="Over the deactivation safeguard" role="alert">
          <Stack gap="xs">
            <Text size="sm">
              This run would deactivate {plural(safeguard.deactivations, 'user')}, more than the
              safeguard's limit of {formatNumber(safeguard.limit ?? 0)}. Check the Deactivated rows:
              a file that is missing users by mistake would deactivate them all.
            </Text>
            <Checkbox
              label={`I checked the list: deactivate ${plural(safeguard.deactivations, 'user')} anyway`}
              checked={run.overrideSafeguard}
              disabled={options.isPending}
              onChange={(event) => {
                options.mutate({ overrideSafeguard: event.currentTarget.checked });
              }}
            />
          </Stack>
        </Alert>
      ) : null}
      <ErrorAlert error={options.error} title="The option did not change" />
      {run.ignoredColumns.length > 0 ? (
        <Alert color="gray" title="Ignored columns">
          <Text size="sm">
            These columns are not template columns; their values are not imported:
          </Text>
          <List size="sm">
            {run.ignoredColumns.map((column) => (
              <List.Item key={column}>{column}</List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      {run.counts.error > 0 ? (
        <Alert color="red" title={`${plural(run.counts.error, 'row')} with errors`}>
          Rows with errors are not imported; the rest can still be applied. To import them, fix the
          file and select "Upload a corrected file". Select the Errors card to see each one.
        </Alert>
      ) : null}
      <RunRows
        runId={run.id}
        classes={selected === null ? [] : [selected]}
        title={selected === null ? 'All rows' : ROW_TITLES[selected]}
      />
    </Stack>
  );
}
