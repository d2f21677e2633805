/**
 * Users: the directory with search, filters (active, inactive, SSO, created by a sync) and paging.
 */
import {
  Anchor,
  Badge,
  Checkbox,
  Group,
  Pagination,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, query } from '../api/client.ts';
import type { Page, UserView } from '../api/types.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { plural } from '../format.ts';

const PAGE_SIZE = 50;

export function UsersPage() {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [status, setStatus] = useState<string | null>('any');
  const [authMethod, setAuthMethod] = useState<string | null>('any');
  const [createdBySync, setCreatedBySync] = useState(false);
  const [page, setPage] = useState(1);
  const params = {
    search: debounced,
    status: status === 'any' ? null : status,
    authMethod: authMethod === 'any' ? null : authMethod,
    createdBySync: createdBySync ? true : null,
    offset: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  };
  const users = useQuery({
    queryKey: ['users', params],
    queryFn: () => api.get<Page<UserView>>(`/api/users${query(params)}`),
    placeholderData: keepPreviousData,
  });
  const total = users.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const reset = () => {
    setPage(1);
  };

  return (
    <Stack>
      <Title order={1}>Users</Title>
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label="Search"
          placeholder="Name, user name or e-mail"
          value={search}
          onChange={(event) => {
            setSearch(event.currentTarget.value);
            reset();
          }}
          w={260}
        />
        <Select
          label="Status"
          data={[
            { value: 'any', label: 'Active and inactive' },
            { value: 'active', label: 'Active' },
            { value: 'inactive', label: 'Inactive' },
          ]}
          value={status}
          onChange={(value) => {
            setStatus(value);
            reset();
          }}
          allowDeselect={false}
          w={200}
        />
        <Select
          label="Sign-in"
          data={[
            { value: 'any', label: 'Password and SSO' },
            { value: 'password', label: 'Password' },
            { value: 'sso', label: 'SSO' },
          ]}
          value={authMethod}
          onChange={(value) => {
            setAuthMethod(value);
            reset();
          }}
          allowDeselect={false}
          w={200}
        />
        <Checkbox
          label="Created by a sync"
          checked={createdBySync}
          onChange={(event) => {
            setCreatedBySync(event.currentTarget.checked);
            reset();
          }}
          mb={8}
        />
      </Group>
      <ErrorAlert error={users.error} title="The users could not be loaded" />
      <Text size="sm" c="dimmed" aria-live="polite">
        {users.data === undefined ? 'Loading users…' : plural(total, 'user')}
      </Text>
      <div className="table-scroll">
        <Table striped highlightOnHover verticalSpacing="xs" miw={640}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>User name</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>E-mail</Table.Th>
              <Table.Th>Department</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Sign-in</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data?.items.map((user) => (
              <Table.Tr key={user.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/users/${encodeURIComponent(user.id)}`}>
                    {user.fields.userName}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {user.fields.firstName} {user.fields.lastName}
                </Table.Td>
                <Table.Td>{user.fields.email}</Table.Td>
                <Table.Td>{user.fields.department}</Table.Td>
                <Table.Td>
                  <StatusBadge status={user.status} />
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <Badge variant="outline" color={user.authMethod === 'sso' ? 'grape' : 'gray'}>
                      {user.authMethod === 'sso' ? 'SSO' : 'Password'}
                    </Badge>
                    {user.role === 'admin' ? <Badge variant="light">Admin</Badge> : null}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      {users.data?.items.length === 0 ? (
        <Text c="dimmed">No user matches. Clear the search or the filters.</Text>
      ) : null}
      {pages > 1 ? (
        <Pagination total={pages} value={page} onChange={setPage} aria-label="Pages of users" />
      ) : null}
    </Stack>
  );
}
