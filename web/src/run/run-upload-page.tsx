/**
 * Run, step 1: upload the file (drag and drop, upload progress), then follow the preview job
 * until the run exists, and open its preview.
 */
import { Alert, Anchor, Progress, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/api-error.ts';
import { api } from '../api/client.ts';
import { followJob } from '../api/job-events.ts';
import type { ConfigView, JobView, RunProgress } from '../api/types.ts';
import { uploadFile } from '../api/upload.ts';
import { CenteredLoader } from '../components/centered-loader.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { FileDrop } from '../components/file-drop.tsx';
import { formatBytes } from '../format.ts';
import { JobProgress } from './job-progress.tsx';

export function RunUploadPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const config = useQuery({
    queryKey: ['config', id],
    queryFn: () => api.get<ConfigView>(`/api/configs/${encodeURIComponent(id)}`),
  });
  const [file, setFile] = useState<File | null>(null);
  const [uploaded, setUploaded] = useState<number | null>(null);
  const [progress, setProgress] = useState<RunProgress | null>(null);
  const [phase, setPhase] = useState<'idle' | 'uploading' | 'previewing'>('idle');

  const run = useMutation({
    mutationFn: async (chosen: File) => {
      setFile(chosen);
      setUploaded(0);
      setProgress(null);
      setPhase('uploading');
      const started = await uploadFile<{ jobId: string; runId: string | null }>(
        `/api/configs/${encodeURIComponent(id)}/runs`,
        chosen,
        { onProgress: setUploaded },
      );
      setPhase('previewing');
      const job: JobView = await followJob(started.jobId, (update) => {
        setProgress(update.progress);
      });
      if (job.state === 'failed' || job.runId === null) {
        throw new ApiError(
          422,
          job.error?.code ?? 'failed',
          job.error?.message ?? 'The preview failed. Try again.',
        );
      }
      return job.runId;
    },
    onSuccess: (runId) => {
      void navigate(`/runs/${encodeURIComponent(runId)}`);
    },
    onSettled: () => {
      setPhase('idle');
    },
  });

  if (config.isPending) return <CenteredLoader label="Loading the configuration" />;
  if (config.isError)
    return <ErrorAlert error={config.error} title="The configuration could not be loaded" />;
  const paused = config.data.status === 'paused';

  return (
    <Stack>
      <Anchor component={Link} to="/syncs" size="sm">
        ← Import &amp; Sync
      </Anchor>
      <Title order={1}>Run "{config.data.name}"</Title>
      {paused ? (
        <Alert color="orange" title="This sync is paused">
          A paused sync cannot be run. Resume it on the Import &amp; Sync page first.
        </Alert>
      ) : null}
      <Text>
        Upload the Excel (.xlsx) or CSV file with your users. It must use the template's columns.
        Nothing changes until you have reviewed the preview and selected Run.
      </Text>
      <Anchor href="/api/template" download="usersync-template.xlsx" size="sm">
        Download the template
      </Anchor>
      <FileDrop
        label="Upload your file"
        disabled={phase !== 'idle'}
        onFile={(chosen) => {
          run.mutate(chosen);
        }}
      />
      {phase === 'uploading' && file !== null ? (
        <Stack gap={4} role="status" aria-live="polite">
          <Text size="sm">
            Uploading {file.name} ({formatBytes(file.size)})
          </Text>
          <Progress value={(uploaded ?? 0) * 100} aria-label="Upload progress" size="lg" />
        </Stack>
      ) : null}
      {phase === 'previewing' ? <JobProgress progress={progress} label="Preview progress" /> : null}
      <ErrorAlert
        error={run.error}
        title={file === null ? 'The run did not start' : `${file.name} was not accepted`}
      />
    </Stack>
  );
}
