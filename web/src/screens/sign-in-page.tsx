import { Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { api } from '../api/client.ts';
import type { SessionView } from '../api/types.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { useSession } from '../session.tsx';

/** Sign in with user name (or e-mail) and password. */
export function SignInPage() {
  const { signedIn } = useSession();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation({
    mutationFn: () =>
      api.post<SessionView>(
        '/api/session',
        { login: login.trim(), password },
        { allowUnauthenticated: true },
      ),
    onSuccess: signedIn,
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    signIn.mutate();
  };
  return (
    <div className="public-page">
      <Paper withBorder shadow="sm" p="xl" radius="md" className="public-card">
        <form onSubmit={submit}>
          <Stack>
            <Title order={1} size="h2">
              Sign in to usersync
            </Title>
            <Text c="dimmed" size="sm">
              Administrators sign in here to import and sync the user directory.
            </Text>
            <TextInput
              label="User name or e-mail"
              required
              autoComplete="username"
              value={login}
              onChange={(event) => {
                setLogin(event.currentTarget.value);
              }}
            />
            <PasswordInput
              label="Password"
              required
              autoComplete="current-password"
              value={password}
              onChange={(event) => {
                setPassword(event.currentTarget.value);
              }}
            />
            <ErrorAlert error={signIn.error} title="You are not signed in" />
            <Button type="submit" loading={signIn.isPending}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </div>
  );
}
