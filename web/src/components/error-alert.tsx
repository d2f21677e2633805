import { Alert } from '@mantine/core';
import { errorMessage } from '../api/api-error.ts';

/** An API error in words a person can act on; nothing when there is no error. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  if (error === null || error === undefined) return null;
  return (
    <Alert color="red" title={title ?? 'That did not work'} role="alert" variant="light">
      {errorMessage(error)}
    </Alert>
  );
}
