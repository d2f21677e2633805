/**
 * Import & Sync: the saved configurations with their status, last run and its counts, and the
 * actions Run, Edit, History, Pause / Resume and Delete.
 */
import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../api/api-error.ts';
import { api } from '../api/client.ts';
import type { ConfigView } from '../api/types.ts';
import { CenteredLoader } from '../components/centered-loader.tsx';
import { ConfirmDeleteConfig } from '../components/confirm-delete-config.tsx';
import { CountsLine } from '../components/counts-line.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { RunStatusBadge, StatusBadge } from '../components/status-badge.tsx';
import { formatDateTime } from '../format.ts';

export function SyncsPage() {
  const client = useQueryClient();
  const configs = useQuery({
    queryKey: ['configs'],
    queryFn: () => api.get<{ items: ConfigView[] }>('/api/configs'),
  });
  const [deleting, setDeleting] = useState<ConfigView | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['configs'] });
  const pause = useMutation({
    mutationFn: ({ config, paused }: { config: ConfigView; paused: boolean }) =>
      api.post<ConfigView>(
        `/api/configs/${encodeURIComponent(config.id)}/${paused ? 'pause' : 'resume'}`,
      ),
    onSuccess: async (config) => {
      notifications.show({
        color: 'green',
        message: `"${config.name}" is ${config.status === 'paused' ? 'paused' : 'active again'}.`,
      });
      await refresh();
    },
    onError: (error) => {
      notifications.show({ color: 'red', title: 'Nothing changed', message: errorMessage(error) });
    },
  });
  const remove = useMutation({
    mutationFn: (config: ConfigView) => api.delete(`/api/configs/${encodeURIComponent(config.id)}`),
    onSuccess: async (_result, config) => {
      setDeleting(null);
      notifications.show({ color: 'green', message: `"${config.name}" is deleted.` });
      await refresh();
    },
  });

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={1}>Import &amp; Sync</Title>
        <Button component={Link} to="/syncs/new">
          Create New Sync
        </Button>
      </Group>
      <Text c="dimmed" size="sm">
        A sync configuration says how a spreadsheet of users is imported. Create it once, then run
        it with a new file whenever the directory changes.
      </Text>
      {configs.isPending ? <CenteredLoader label="Loading the configurations" /> : null}
      <ErrorAlert error={configs.error} title="The configurations could not be loaded" />
      {configs.data?.items.length === 0 ? (
        <Paper withBorder p="xl">
          <Stack align="flex-start">
            <Title order={2} size="h4">
              No sync configuration yet
            </Title>
            <Text>
              Create one to import your first spreadsheet: name it, download the template, choose
              the rules, and save.
            </Text>
            <Button component={Link} to="/syncs/new">
              Create New Sync
            </Button>
          </Stack>
        </Paper>
      ) : null}
      {configs.data?.items.map((config) => (
        <ConfigCard
          key={config.id}
          config={config}
          onPause={(paused) => {
            pause.mutate({ config, paused });
          }}
          onDelete={() => {
            remove.reset();
            setDeleting(config);
          }}
          busy={pause.isPending && pause.variables.config.id === config.id}
        />
      ))}
      <ConfirmDeleteConfig
        config={deleting}
        onCancel={() => {
          setDeleting(null);
        }}
        onConfirm={(config) => {
          remove.mutate(config);
        }}
        pending={remove.isPending}
        error={remove.error}
      />
    </Stack>
  );
}

function ConfigCard(props: {
  config: ConfigView;
  onPause: (paused: boolean) => void;
  onDelete: () => void;
  busy: boolean;
}) {
  const { config } = props;
  const paused = config.status === 'paused';
  const id = encodeURIComponent(config.id);
  const run = config.lastRun;
  return (
    <Paper withBorder p="md" component="section" aria-label={`Sync configuration ${config.name}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Group gap="sm">
            <Title order={2} size="h3">
              {config.name}
            </Title>
            <StatusBadge status={paused ? 'paused' : 'active'} />
          </Group>
          <Group gap="xs" wrap="wrap">
            <Button
              component={Link}
              to={`/syncs/${id}/run`}
              variant={paused ? 'light' : 'filled'}
              aria-describedby={paused ? `paused-${config.id}` : undefined}
            >
              Run
            </Button>
            <Button variant="default" component={Link} to={`/syncs/${id}/edit`}>
              Edit
            </Button>
            <Button variant="default" component={Link} to={`/syncs/${id}/history`}>
              History
            </Button>
            <Button
              variant="default"
              loading={props.busy}
              onClick={() => {
                props.onPause(!paused);
              }}
            >
              {paused ? 'Resume' : 'Pause'}
            </Button>
            <Button variant="subtle" color="red" onClick={props.onDelete}>
              Delete
            </Button>
          </Group>
        </Group>
        {paused ? (
          <Text size="sm" c="orange.8" id={`paused-${config.id}`}>
            Paused: it cannot be run until you resume it.
          </Text>
        ) : null}
        {run === null ? (
          <Text size="sm" c="dimmed">
            Never run.
          </Text>
        ) : (
          <Stack gap={4}>
            <Group gap="xs">
              <Text size="sm">
                Last run{' '}
                <Anchor component={Link} to={`/runs/${encodeURIComponent(run.id)}`}>
                  {formatDateTime(run.createdAt)}
                </Anchor>{' '}
                by {run.actor.name}, {run.fileName}
              </Text>
              <RunStatusBadge status={run.status} />
            </Group>
            <CountsLine counts={run.counts} />
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
