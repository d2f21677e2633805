/**
 * First-run setup: when no administrator exists yet (GET /api/setup says needed), create the
 * first one and sign in as them.
 */
import { Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent, type ReactNode } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { api } from '../api/client.ts';
import type { SessionView } from '../api/types.ts';
import { CenteredLoader } from '../components/centered-loader.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { useSession } from '../session.tsx';

function useSetupNeeded() {
  return useQuery({
    queryKey: ['setup'],
    queryFn: () => api.get<{ needed: boolean }>('/api/setup', { allowUnauthenticated: true }),
  });
}

/** Sends a first-time visitor to setup instead of a sign-in form nobody can use. */
export function SetupGate({ children }: { children: ReactNode }) {
  const setup = useSetupNeeded();
  if (setup.isPending) return <CenteredLoader label="Starting" />;
  if (setup.data?.needed === true) return <Navigate to="/setup" replace />;
  return children;
}

export function SetupPage() {
  const setup = useSetupNeeded();
  const { signedIn } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState({
    userName: '',
    email: '',
    firstName: '',
    lastName: '',
    password: '',
    confirm: '',
  });
  const [mismatch, setMismatch] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      api.post<SessionView>(
        '/api/setup',
        {
          userName: form.userName.trim(),
          email: form.email.trim(),
          firstName: form.firstName.trim(),
          lastName: form.lastName.trim(),
          password: form.password,
        },
        { allowUnauthenticated: true },
      ),
    onSuccess: (session) => {
      client.setQueryData(['setup'], { needed: false });
      signedIn(session);
      void navigate('/syncs', { replace: true });
    },
  });

  if (setup.isPending) return <CenteredLoader label="Starting" />;
  if (setup.data?.needed === false && !create.isSuccess) return <Navigate to="/sign-in" replace />;

  const set = (key: keyof typeof form) => (event: { currentTarget: HTMLInputElement }) => {
    const value = event.currentTarget.value;
    setForm((current) => ({ ...current, [key]: value }));
  };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (form.password !== form.confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    create.mutate();
  };

  return (
    <div className="public-page">
      <Paper withBorder shadow="sm" p="xl" radius="md" className="public-card">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={1} size="h2">
              Welcome to usersync
            </Title>
            <Text c="dimmed" size="sm">
              Create the first administrator. You will sign in with this user name and password.
            </Text>
            <TextInput
              label="User name"
              required
              autoComplete="username"
              value={form.userName}
              onChange={set('userName')}
            />
            <TextInput
              label="E-mail"
              type="email"
              required
              autoComplete="email"
              value={form.email}
              onChange={set('email')}
            />
            <TextInput
              label="First name"
              required
              autoComplete="given-name"
              value={form.firstName}
              onChange={set('firstName')}
            />
            <TextInput
              label="Last name"
              required
              autoComplete="family-name"
              value={form.lastName}
              onChange={set('lastName')}
            />
            <PasswordInput
              label="Password"
              description="At least 12 characters; not a common password."
              required
              autoComplete="new-password"
              value={form.password}
              onChange={set('password')}
            />
            <PasswordInput
              label="Repeat the password"
              required
              autoComplete="new-password"
              value={form.confirm}
              onChange={set('confirm')}
              error={
                mismatch ? 'The two passwords differ. Type the same password twice.' : undefined
              }
            />
            <ErrorAlert error={create.error} title="The administrator was not created" />
            <Button type="submit" loading={create.isPending}>
              Create administrator
            </Button>
          </Stack>
        </form>
      </Paper>
    </div>
  );
}
