/**
 * A run: preview (counts as filters, rows, seats, safeguard, welcome e-mail) → conflicts → apply
 * with progress → results. Which part shows follows the run's status.
 */
import { Alert, Anchor, Button, Group, Stack, Stepper, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, errorMessage } from '../api/api-error.ts';
import { api } from '../api/client.ts';
import { followJob } from '../api/job-events.ts';
import type { ConflictPage, JobView, RunProgress, RunView } from '../api/types.ts';
import { CenteredLoader } from '../components/centered-loader.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { RunStatusBadge } from '../components/status-badge.tsx';
import { formatBytes, formatDateTime } from '../format.ts';
import { JobProgress } from './job-progress.tsx';
import { RunConflicts } from './run-conflicts.tsx';
import { RunPreview } from './run-preview.tsx';
import { RunResults } from './run-results.tsx';

export function RunPage() {
  const { runId = '' } = useParams();
  const run = useQuery({
    queryKey: ['run', runId],
    queryFn: () => api.get<RunView>(`/api/runs/${encodeURIComponent(runId)}`),
    refetchInterval: (current) => (current.state.data?.status === 'applying' ? 1000 : false),
  });
  if (run.isPending) return <CenteredLoader label="Loading the run" />;
  if (run.isError) return <ErrorAlert error={run.error} title="The run could not be loaded" />;
  return <RunScreen run={run.data} />;
}

function RunScreen({ run }: { run: RunView }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [stage, setStage] = useState<'preview' | 'conflicts'>('preview');
  const [applyProgress, setApplyProgress] = useState<RunProgress | null>(null);
  const hasConflicts = useQuery({
    queryKey: ['run-conflicts', run.id, 'count'],
    queryFn: () =>
      api.get<ConflictPage>(`/api/runs/${encodeURIComponent(run.id)}/conflicts?limit=1`),
    enabled: run.status === 'previewed',
  });
  const conflictCount = hasConflicts.data?.total ?? run.openConflicts;
  // A page opened (or reloaded) while the run applies follows the server's job for it.
  const runningJob = useQuery({
    queryKey: ['run-job', run.id],
    queryFn: () => api.get<{ job: JobView | null }>(`/api/runs/${encodeURIComponent(run.id)}/job`),
    enabled: run.status === 'applying',
  });
  const followedJobId = runningJob.data?.job?.jobId;
  useEffect(() => {
    if (followedJobId === undefined) return;
    const controller = new AbortController();
    followJob(
      followedJobId,
      (update) => {
        setApplyProgress(update.progress);
      },
      controller.signal,
    ).then(
      () => client.invalidateQueries({ queryKey: ['run', run.id] }),
      () => undefined,
    );
    return () => {
      controller.abort();
    };
  }, [followedJobId, client, run.id]);

  const apply = useMutation({
    mutationFn: async () => {
      setApplyProgress(null);
      const started = await api.post<{ jobId: string }>(
        `/api/runs/${encodeURIComponent(run.id)}/apply`,
      );
      const job = await followJob(started.jobId, (update) => {
        setApplyProgress(update.progress);
      });
      if (job.state === 'failed') {
        throw new ApiError(
          409,
          job.error?.code ?? 'failed',
          job.error?.message ?? 'Applying failed.',
        );
      }
    },
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: ['run', run.id] });
      await client.invalidateQueries({ queryKey: ['run-rows', run.id] });
      await client.invalidateQueries({ queryKey: ['configs'] });
      await client.invalidateQueries({ queryKey: ['users'] });
    },
    onSuccess: () => {
      notifications.show({ color: 'green', message: 'The sync is applied.' });
    },
  });
  const cancel = useMutation({
    mutationFn: () => api.post<RunView>(`/api/runs/${encodeURIComponent(run.id)}/cancel`),
    onSuccess: (view) => {
      client.setQueryData(['run', run.id], view);
    },
    onError: (error) => {
      notifications.show({ color: 'red', message: errorMessage(error) });
    },
  });
  const uploadAgain = async () => {
    if (run.status === 'previewed') {
      try {
        await api.post(`/api/runs/${encodeURIComponent(run.id)}/cancel`);
      } catch {
        // The preview stays; a new upload makes a new run either way.
      }
    }
    void navigate(`/syncs/${encodeURIComponent(run.configId)}/run`);
  };

  const stepIndex =
    run.status === 'previewed' ? (stage === 'preview' ? 1 : 2) : run.status === 'applying' ? 3 : 4;

  return (
    <Stack>
      <Anchor component={Link} to={`/syncs/${encodeURIComponent(run.configId)}/history`} size="sm">
        ← History of "{run.configName}"
      </Anchor>
      <Group justify="space-between" wrap="wrap">
        <Title order={1}>
          {run.status === 'previewed'
            ? stage === 'preview'
              ? 'Preview'
              : 'Resolve conflicts'
            : 'Results'}
          : {run.configName}
        </Title>
        <RunStatusBadge status={run.status} />
      </Group>
      <Text size="sm" c="dimmed">
        {run.fileName} ({formatBytes(run.fileSize)}), uploaded {formatDateTime(run.createdAt)} by{' '}
        {run.actor.name}
        {run.finishedAt !== null ? `, finished ${formatDateTime(run.finishedAt)}` : ''}
      </Text>
      <Stepper active={stepIndex} size="xs" allowNextStepsSelect={false} aria-label="Run steps">
        <Stepper.Step label="Upload" />
        <Stepper.Step label="Preview" />
        <Stepper.Step label="Conflicts" />
        <Stepper.Step label="Apply" />
        <Stepper.Step label="Results" />
      </Stepper>

      {run.status === 'previewed' && stage === 'preview' ? (
        <>
          <RunPreview run={run} />
          <Group justify="space-between" wrap="wrap">
            <Group>
              <Button variant="default" onClick={() => void uploadAgain()}>
                Upload a corrected file
              </Button>
              <Button
                variant="subtle"
                color="gray"
                loading={cancel.isPending}
                onClick={() => {
                  cancel.mutate();
                }}
              >
                Cancel this run
              </Button>
            </Group>
            {conflictCount > 0 ? (
              <Button
                onClick={() => {
                  setStage('conflicts');
                }}
              >
                Continue
              </Button>
            ) : (
              <RunButton
                run={run}
                pending={apply.isPending}
                onRun={() => {
                  apply.mutate();
                }}
              />
            )}
          </Group>
        </>
      ) : null}

      {run.status === 'previewed' && stage === 'conflicts' ? (
        <>
          <RunConflicts run={run} />
          <Group justify="space-between" wrap="wrap">
            <Button
              variant="default"
              onClick={() => {
                setStage('preview');
              }}
            >
              Back to the preview
            </Button>
            <RunButton
              run={run}
              pending={apply.isPending}
              onRun={() => {
                apply.mutate();
              }}
            />
          </Group>
        </>
      ) : null}

      {apply.isPending || run.status === 'applying' ? (
        <JobProgress progress={applyProgress} label="Apply progress" />
      ) : null}
      <ErrorAlert error={apply.error} title="The sync was not applied" />
      {apply.error instanceof ApiError && apply.error.code === 'stale-plan' ? (
        <Button variant="light" onClick={() => void uploadAgain()}>
          Upload the file again for a fresh preview
        </Button>
      ) : null}

      {run.status === 'applied' || run.status === 'failed' ? <RunResults run={run} /> : null}
      {run.status === 'cancelled' ? (
        <Alert color="gray" title="This run was cancelled">
          Nothing was changed.{' '}
          <Anchor component={Link} to={`/syncs/${encodeURIComponent(run.configId)}/run`}>
            Start a new run
          </Anchor>
          .
        </Alert>
      ) : null}
    </Stack>
  );
}

/** Run: disabled, saying why, while anything blocks applying. */
function RunButton({ run, pending, onRun }: { run: RunView; pending: boolean; onRun: () => void }) {
  const blockers = run.blockers;
  return (
    <Stack gap={4} align="flex-end">
      <Button
        color="green"
        disabled={blockers.length > 0}
        loading={pending}
        onClick={onRun}
        aria-describedby={blockers.length > 0 ? 'run-blockers' : undefined}
      >
        Run
      </Button>
      {blockers.length > 0 ? (
        <Stack gap={2} id="run-blockers" align="flex-end">
          <Text size="sm" fw={600} c="red.8">
            Run is disabled:
          </Text>
          {blockers.map((blocker) => (
            <Text size="sm" c="red.8" key={blocker.code} ta="right">
              {sentence(blocker.message)}
            </Text>
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}

/** The server's message as a sentence: capitalised, ending with a full stop. */
function sentence(message: string): string {
  const text = message.trim();
  if (text === '') return text;
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
