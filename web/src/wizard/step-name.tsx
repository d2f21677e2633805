import { Stack, Text, TextInput } from '@mantine/core';
import type { SyncConfig } from '../api/types.ts';

/** Step 1: the configuration's name. */
export function StepName(props: {
  config: SyncConfig;
  onChange: (config: SyncConfig) => void;
  error: string | null;
}) {
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        A clear name helps when you manage several syncs for different sources or departments.
      </Text>
      <TextInput
        label="Name of this sync"
        placeholder="e.g. HR export — head office"
        required
        maxLength={100}
        value={props.config.name}
        error={props.error}
        data-autofocus
        onChange={(event) => {
          props.onChange({ ...props.config, name: event.currentTarget.value });
        }}
      />
    </Stack>
  );
}

/** Why the name cannot be used, or null. */
export function validateName(config: SyncConfig): string | null {
  const name = config.name.trim();
  if (name === '') return 'Enter a name for this sync.';
  if (name.length > 100) return 'The name is at most 100 characters.';
  return null;
}
