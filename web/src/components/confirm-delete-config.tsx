import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ConfigView } from '../api/types.ts';
import { ErrorAlert } from './error-alert.tsx';

/** Asks before deleting a configuration, saying what goes (its runs) and what stays (users). */
export function ConfirmDeleteConfig(props: {
  config: ConfigView | null;
  onCancel: () => void;
  onConfirm: (config: ConfigView) => void;
  pending: boolean;
  error: unknown;
}) {
  const { config } = props;
  return (
    <Modal
      opened={config !== null}
      onClose={props.onCancel}
      title={`Delete "${config?.name ?? ''}"?`}
      centered
    >
      <Stack>
        <Text>
          The configuration and its entire run history are deleted permanently. No user is deleted
          or changed: users created or deactivated by its runs stay as they are.
        </Text>
        <ErrorAlert error={props.error} title="The configuration was not deleted" />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onCancel}>
            Keep it
          </Button>
          <Button
            color="red"
            loading={props.pending}
            onClick={() => {
              if (config !== null) props.onConfirm(config);
            }}
          >
            Delete configuration and history
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
