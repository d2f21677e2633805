/**
 * The create / edit wizard: the six steps of the original page, each validated before Next,
 * then Save (POST /api/configs or PUT /api/configs/:id).
 */
import { Alert, Anchor, Button, Group, Paper, Stack, Stepper, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../api/client.ts';
import type { ConfigView, SyncConfig } from '../api/types.ts';
import { CenteredLoader } from '../components/centered-loader.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { blankConfig } from './options.ts';
import { StepBehaviour, validateBehaviour } from './step-behaviour.tsx';
import { StepConflicts, validateConflicts } from './step-conflicts.tsx';
import { StepDefaults } from './step-defaults.tsx';
import { StepName, validateName } from './step-name.tsx';
import { StepTemplate, validateSample, type SampleState } from './step-template.tsx';
import { StepWelcome } from './step-welcome.tsx';

export function ConfigNewPage() {
  return <ConfigWizard saved={null} />;
}

export function ConfigEditPage() {
  const { id = '' } = useParams();
  const config = useQuery({
    queryKey: ['config', id],
    queryFn: () => api.get<ConfigView>(`/api/configs/${encodeURIComponent(id)}`),
  });
  // The wizard copies the configuration into its state once: wait for a fresh copy, not a
  // cached one (a run may have remembered decisions since).
  if (config.isPending || (!config.isFetchedAfterMount && config.isFetching)) {
    return <CenteredLoader label="Loading the configuration" />;
  }
  if (config.isError)
    return <ErrorAlert error={config.error} title="The configuration could not be loaded" />;
  return <ConfigWizard saved={config.data} />;
}

const STEPS = [
  'Name',
  'Template',
  'Behaviour',
  'Conflict rules',
  'Defaults',
  'Welcome e-mail',
] as const;

/** The document sent to the API: blank defaults dropped, the name trimmed. */
function toDocument(config: SyncConfig): SyncConfig {
  const defaults: SyncConfig['defaults'] = {};
  for (const key of ['locale', 'timezone', 'languageName'] as const) {
    const value = config.defaults[key]?.trim();
    if (value !== undefined && value !== '') defaults[key] = value;
  }
  return { ...config, name: config.name.trim(), defaults };
}

function ConfigWizard({ saved: initial }: { saved: ConfigView | null }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [saved, setSaved] = useState(initial);
  const [config, setConfig] = useState<SyncConfig>(initial?.config ?? blankConfig());
  const [sample, setSample] = useState<SampleState | null>(null);
  const [step, setStep] = useState(0);
  const [shown, setShown] = useState(false);
  const editing = initial !== null;

  const nameError = validateName(config);
  const sampleError = validateSample(sample);
  const behaviourError = validateBehaviour(config);
  const conflictErrors = validateConflicts(config);
  const stepErrors = [
    nameError,
    sampleError,
    behaviourError,
    Object.keys(conflictErrors).length > 0 ? 'Some forced values need fixing.' : null,
    null,
    null,
  ];
  const currentError = stepErrors[step] ?? null;

  const save = useMutation({
    mutationFn: () =>
      editing
        ? api.put<ConfigView>(`/api/configs/${encodeURIComponent(initial.id)}`, toDocument(config))
        : api.post<ConfigView>('/api/configs', toDocument(config)),
    onSuccess: async (view) => {
      notifications.show({ color: 'green', message: `"${view.name}" is saved.` });
      await client.invalidateQueries({ queryKey: ['configs'] });
      client.setQueryData(['config', view.id], view);
      void navigate('/syncs');
    },
  });

  const next = () => {
    setShown(true);
    if (currentError !== null) return;
    setShown(false);
    setStep((current) => Math.min(current + 1, STEPS.length - 1));
  };
  const submit = () => {
    setShown(true);
    const firstBad = stepErrors.findIndex((error) => error !== null);
    if (firstBad !== -1) {
      setStep(firstBad);
      return;
    }
    save.mutate();
  };
  const last = step === STEPS.length - 1;

  return (
    <Stack>
      <Anchor component={Link} to="/syncs" size="sm">
        ← Import &amp; Sync
      </Anchor>
      <Title order={1}>{editing ? `Edit "${initial.name}"` : 'Create New Sync'}</Title>
      <Paper withBorder p="md">
        <Stepper
          active={step}
          onStepClick={(index) => {
            // Going back is always allowed; forward only through steps that validate.
            if (index < step || stepErrors.slice(0, index).every((error) => error === null)) {
              setShown(false);
              setStep(index);
            } else setShown(true);
          }}
          allowNextStepsSelect={editing}
          size="sm"
        >
          {STEPS.map((label, index) => (
            <Stepper.Step key={label} label={`Step ${index + 1}`} description={label} />
          ))}
        </Stepper>
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="wizard-step-title">
        <Stack>
          <Title order={2} size="h3" id="wizard-step-title">
            Step {step + 1} — {STEPS[step]}
          </Title>
          {step === 0 ? (
            <StepName config={config} onChange={setConfig} error={shown ? nameError : null} />
          ) : null}
          {step === 1 ? <StepTemplate sample={sample} onSample={setSample} /> : null}
          {step === 2 ? (
            <StepBehaviour
              config={config}
              onChange={setConfig}
              error={shown ? behaviourError : null}
            />
          ) : null}
          {step === 3 ? (
            <StepConflicts
              config={config}
              onChange={setConfig}
              errors={shown ? conflictErrors : {}}
              saved={saved}
              onSaved={setSaved}
            />
          ) : null}
          {step === 4 ? <StepDefaults config={config} onChange={setConfig} /> : null}
          {step === 5 ? <StepWelcome config={config} onChange={setConfig} /> : null}
          {shown && currentError !== null && step !== 0 ? (
            <Alert color="red" role="alert" title="Fix this step before going on">
              {currentError}
            </Alert>
          ) : null}
          <ErrorAlert error={save.error} title="The configuration was not saved" />
          <Group justify="space-between">
            <Button
              variant="default"
              disabled={step === 0}
              onClick={() => {
                setShown(false);
                setStep((current) => Math.max(current - 1, 0));
              }}
            >
              Back
            </Button>
            <Group>
              {editing && !last ? (
                <Button variant="default" onClick={submit} loading={save.isPending}>
                  Save
                </Button>
              ) : null}
              {last ? (
                <Button onClick={submit} loading={save.isPending}>
                  Save
                </Button>
              ) : (
                <Button onClick={next}>Next</Button>
              )}
            </Group>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
