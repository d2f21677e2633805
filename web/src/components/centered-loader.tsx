import { Center, Loader, Stack, Text } from '@mantine/core';

/** A spinner with words, for pages waiting on their first answer. */
export function CenteredLoader({ label }: { label: string }) {
  return (
    <Center className="centered-loader" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="md" />
        <Text c="dimmed">{label}…</Text>
      </Stack>
    </Center>
  );
}
