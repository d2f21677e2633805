/**
 * The page the welcome e-mail links to: /set-password?token=…. Works signed out.
 */
import { Alert, Anchor, Button, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, query } from '../api/client.ts';
import { CenteredLoader } from '../components/centered-loader.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';

export function SetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const status = useQuery({
    queryKey: ['password-status', token],
    queryFn: () =>
      api.get<{ usable: boolean }>(`/api/password/status${query({ token })}`, {
        allowUnauthenticated: true,
      }),
    enabled: token !== '',
  });
  const save = useMutation({
    mutationFn: () =>
      api.post('/api/password', { token, password }, { allowUnauthenticated: true }),
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (password !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    save.mutate();
  };

  let content;
  if (token === '') {
    content = (
      <Alert color="red" title="This link is incomplete">
        Open the link from your welcome e-mail again, or copy the whole address into the browser.
      </Alert>
    );
  } else if (status.isPending) {
    content = <CenteredLoader label="Checking your link" />;
  } else if (status.isError) {
    content = <ErrorAlert error={status.error} />;
  } else if (save.isSuccess) {
    content = (
      <Alert color="green" title="Your password is set">
        You can now sign in with your user name and the new password.
      </Alert>
    );
  } else if (!status.data.usable) {
    content = (
      <Alert color="orange" title="This link no longer works">
        It was already used or it has expired. Ask your administrator to send a new welcome e-mail.
      </Alert>
    );
  } else {
    content = (
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm" c="dimmed">
            Choose a password of at least 12 characters that is not a common password.
          </Text>
          <PasswordInput
            label="New password"
            required
            autoComplete="new-password"
            value={password}
            onChange={(event) => {
              setPassword(event.currentTarget.value);
            }}
          />
          <PasswordInput
            label="Repeat the new password"
            required
            autoComplete="new-password"
            value={confirm}
            onChange={(event) => {
              setConfirm(event.currentTarget.value);
            }}
            error={mismatch ? 'The two passwords differ. Type the same password twice.' : undefined}
          />
          <ErrorAlert error={save.error} title="The password was not set" />
          <Button type="submit" loading={save.isPending}>
            Set password
          </Button>
        </Stack>
      </form>
    );
  }

  return (
    <div className="public-page">
      <Paper withBorder shadow="sm" p="xl" radius="md" className="public-card">
        <Stack>
          <Title order={1} size="h2">
            Set your password
          </Title>
          {content}
          <Anchor component={Link} to="/sign-in" size="sm">
            Go to sign-in
          </Anchor>
        </Stack>
      </Paper>
    </div>
  );
}
