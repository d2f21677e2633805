/**
 * One user: their fields, status, manager and change history; activate or deactivate them.
 */
import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { FIELD_NAMES } from '../../../src/engine/fields.ts';
import { errorMessage } from '../api/api-error.ts';
import { api } from '../api/client.ts';
import type { AuditEntry, UserView, UserWithHistory } from '../api/types.ts';
import { CenteredLoader } from '../components/centered-loader.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { formatDateTime, showValue } from '../format.ts';

export function UserPage() {
  const { id = '' } = useParams();
  const client = useQueryClient();
  const user = useQuery({
    queryKey: ['user', id],
    queryFn: () => api.get<UserWithHistory>(`/api/users/${encodeURIComponent(id)}`),
  });
  const setStatus = useMutation({
    mutationFn: (action: 'activate' | 'deactivate') =>
      api.post<UserView>(`/api/users/${encodeURIComponent(user.data?.id ?? id)}/${action}`),
    onSuccess: async (updated) => {
      notifications.show({
        color: 'green',
        message: `${updated.fields.userName ?? 'The user'} is now ${updated.status}.`,
      });
      await client.invalidateQueries({ queryKey: ['user', id] });
      await client.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const resend = useMutation({
    mutationFn: () => api.post(`/api/users/${encodeURIComponent(user.data?.id ?? id)}/welcome`),
    onSuccess: () => {
      notifications.show({ color: 'green', message: 'A new welcome e-mail is queued.' });
    },
    onError: (error) => {
      notifications.show({ color: 'red', message: errorMessage(error) });
    },
  });

  if (user.isPending) return <CenteredLoader label="Loading the user" />;
  if (user.isError) return <ErrorAlert error={user.error} title="The user could not be loaded" />;
  const data = user.data;
  const manager = data.fields.manager ?? '';
  const active = data.status === 'active';

  return (
    <Stack>
      <Anchor component={Link} to="/users" size="sm">
        ← All users
      </Anchor>
      <Group justify="space-between" wrap="wrap">
        <div>
          <Title order={1}>
            {data.fields.firstName} {data.fields.lastName}
          </Title>
          <Text c="dimmed">{data.fields.userName}</Text>
        </div>
        <Group>
          <StatusBadge status={data.status} />
          <Badge variant="outline">{data.authMethod === 'sso' ? 'SSO' : 'Password'}</Badge>
          {data.role === 'admin' ? <Badge variant="light">Administrator</Badge> : null}
        </Group>
      </Group>
      <Group>
        {active ? (
          <Button
            color="red"
            variant="light"
            onClick={() => {
              setStatus.mutate('deactivate');
            }}
            loading={setStatus.isPending}
          >
            Deactivate
          </Button>
        ) : (
          <Button
            onClick={() => {
              setStatus.mutate('activate');
            }}
            loading={setStatus.isPending}
          >
            Activate
          </Button>
        )}
        {data.authMethod === 'password' && active ? (
          <Button
            variant="default"
            onClick={() => {
              resend.mutate();
            }}
            loading={resend.isPending}
          >
            Send a new welcome e-mail
          </Button>
        ) : null}
      </Group>
      <ErrorAlert error={setStatus.error} title="The status did not change" />
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          Details
        </Title>
        <div className="field-grid">
          <Text size="sm" fw={600}>
            Manager
          </Text>
          <Text size="sm">
            {manager === '' ? (
              '(none)'
            ) : (
              <Anchor component={Link} to={`/users/${encodeURIComponent(manager)}`}>
                {manager}
              </Anchor>
            )}
          </Text>
          {FIELD_NAMES.filter((field) => field !== 'manager' && field !== 'active').map((field) => [
            <Text key={`${field}-label`} size="sm" fw={600}>
              {field}
            </Text>,
            <Text key={`${field}-value`} size="sm" {...(data.fields[field] ? {} : { c: 'dimmed' })}>
              {showValue(data.fields[field])}
            </Text>,
          ])}
          <Text size="sm" fw={600}>
            Created
          </Text>
          <Text size="sm">{formatDateTime(data.createdAt)}</Text>
          <Text size="sm" fw={600}>
            Updated
          </Text>
          <Text size="sm">{formatDateTime(data.updatedAt)}</Text>
        </div>
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          Change history
        </Title>
        <History entries={data.history} />
      </Paper>
    </Stack>
  );
}

const ACTION_LABELS: Record<string, string> = {
  'user.create': 'Created',
  'user.update': 'Changed',
  'user.status': 'Status changed',
  'user.edit': 'Edited by hand',
};

function History({ entries }: { entries: AuditEntry[] }) {
  if (entries.length === 0) return <Text c="dimmed">No changes recorded.</Text>;
  const sorted = [...entries].sort((a, b) => b.id - a.id);
  return (
    <div className="table-scroll">
      <Table verticalSpacing={4} miw={560}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Who</Table.Th>
            <Table.Th>What</Table.Th>
            <Table.Th>Change</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((entry) => (
            <Table.Tr key={entry.id}>
              <Table.Td>{formatDateTime(entry.at)}</Table.Td>
              <Table.Td>{entry.actor.name}</Table.Td>
              <Table.Td>
                {ACTION_LABELS[entry.action] ?? entry.action}
                {entry.runId !== null ? (
                  <>
                    {' '}
                    (
                    <Anchor
                      inherit
                      component={Link}
                      to={`/runs/${encodeURIComponent(entry.runId)}`}
                    >
                      run
                    </Anchor>
                    )
                  </>
                ) : null}
              </Table.Td>
              <Table.Td className="change-line">
                {entry.field !== null ? `${entry.field}: ` : ''}
                {entry.before !== null || entry.after !== null
                  ? `${showValue(entry.before)} → ${showValue(entry.after)}`
                  : ''}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
