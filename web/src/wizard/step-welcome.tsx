import { Stack, Switch, Text } from '@mantine/core';
import type { SyncConfig } from '../api/types.ts';

/** Step 6: whether new users get a welcome e-mail with a link to set their password. */
export function StepWelcome(props: { config: SyncConfig; onChange: (config: SyncConfig) => void }) {
  return (
    <Stack>
      <Switch
        label="Send new users a welcome e-mail"
        description="The e-mail has a single-use link to set a password; it never contains a password."
        checked={props.config.sendWelcomeEmail}
        onChange={(event) => {
          props.onChange({ ...props.config, sendWelcomeEmail: event.currentTarget.checked });
        }}
      />
      <Text size="sm" c="dimmed">
        This is the default for each run; you can switch it on or off on the preview. Only users the
        run creates receive it: not existing, reactivated or SSO users.
      </Text>
    </Stack>
  );
}
