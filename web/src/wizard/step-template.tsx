/**
 * Step 2: download the template; optionally upload a sample file whose header is checked at once
 * (POST /api/sample-file), so a wrong column shows up before the first run.
 */
import { Alert, Badge, Button, Group, List, Progress, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiError } from '../api/api-error.ts';
import type { SampleFileCheck } from '../api/types.ts';
import { uploadFile } from '../api/upload.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { FileDrop } from '../components/file-drop.tsx';
import { plural } from '../format.ts';

/** A checked sample: its header as the server read it, or why the server refused it. */
export type SampleState =
  | { fileName: string; check: SampleFileCheck; refused?: undefined }
  | { fileName: string; refused: ApiError | Error };

export function StepTemplate(props: {
  sample: SampleState | null;
  onSample: (sample: SampleState | null) => void;
}) {
  const [progress, setProgress] = useState<number | null>(null);
  const check = useMutation({
    mutationFn: (file: File) =>
      uploadFile<SampleFileCheck>('/api/sample-file', file, { onProgress: setProgress }),
    onSuccess: (result, file) => {
      props.onSample({ fileName: file.name, check: result });
    },
    onError: (error, file) => {
      props.onSample({ fileName: file.name, refused: error });
    },
    onMutate: () => {
      props.onSample(null);
      setProgress(0);
    },
  });
  const sample = props.sample;
  return (
    <Stack>
      <Text>
        Download the Excel template and fill in one row per user. Required columns (userName, email,
        firstName, lastName) are highlighted in yellow. The template has a sample row in italics:
        delete it before you upload the file.
      </Text>
      <Group>
        <Button component="a" href="/api/template" download="usersync-template.xlsx">
          Download Template
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        Optional: upload a sample of your file now to check its columns. Nothing is imported.
      </Text>
      <FileDrop
        label="Check a sample file"
        onFile={(file) => {
          check.mutate(file);
        }}
        disabled={check.isPending}
      />
      {check.isPending ? (
        <Progress value={(progress ?? 0) * 100} animated aria-label="Upload progress" />
      ) : null}
      {sample !== null ? (
        <SampleResult
          sample={sample}
          onClear={() => {
            props.onSample(null);
          }}
        />
      ) : null}
    </Stack>
  );
}

function SampleResult({ sample, onClear }: { sample: SampleState; onClear: () => void }) {
  if (sample.refused !== undefined) {
    return (
      <Stack gap="xs">
        <ErrorAlert error={sample.refused} title={`${sample.fileName} was refused`} />
        <Group>
          <Button size="xs" variant="default" onClick={onClear}>
            Remove the sample
          </Button>
        </Group>
      </Stack>
    );
  }
  const { check } = sample;
  const ok = check.missingRequired.length === 0;
  return (
    <Alert
      color={ok ? 'green' : 'red'}
      title={ok ? `${sample.fileName} looks right` : `${sample.fileName} cannot be imported`}
    >
      <Stack gap="xs">
        <Text size="sm">
          {check.sheet === '' ? '' : `Sheet "${check.sheet}": `}
          {plural(check.rows, 'row')} of users.
        </Text>
        {ok ? null : (
          <Text size="sm">
            Required columns missing: {check.missingRequired.join(', ')}. Add them to the header
            row, then check the file again.
          </Text>
        )}
        <Group gap={4}>
          {check.columns.map((column) => (
            <Badge
              key={column.header}
              color={column.field === null ? 'gray' : 'blue'}
              variant="light"
              tt="none"
            >
              {column.header}
              {column.field !== null && column.field !== column.header ? ` → ${column.field}` : ''}
            </Badge>
          ))}
        </Group>
        {check.ignoredColumns.length > 0 ? (
          <div>
            <Text size="sm">These columns are not template columns and will be ignored:</Text>
            <List size="sm">
              {check.ignoredColumns.map((column) => (
                <List.Item key={column}>{column}</List.Item>
              ))}
            </List>
          </div>
        ) : null}
        <Group>
          <Button size="xs" variant="default" onClick={onClear}>
            Remove the sample
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/** A checked sample that lacks required columns must be fixed or removed before Next. */
export function validateSample(sample: SampleState | null): string | null {
  if (sample === null) return null;
  if (sample.refused !== undefined) {
    return 'The sample file was refused. Check a corrected file, or remove the sample to continue.';
  }
  if (sample.check.missingRequired.length === 0) return null;
  return `The sample file lacks required columns (${sample.check.missingRequired.join(', ')}). Fix the file and check it again, or remove the sample to continue.`;
}
