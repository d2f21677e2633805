/**
 * History of one configuration: every run with date, who, file, status and counts, each opening
 * its results.
 */
import { Anchor, Button, Group, Pagination, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, query } from '../api/client.ts';
import type { ConfigView, Page, RunView } from '../api/types.ts';
import { CenteredLoader } from '../components/centered-loader.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { RunStatusBadge, StatusBadge } from '../components/status-badge.tsx';
import { formatDateTime, formatNumber } from '../format.ts';

const PAGE = 50;

export function HistoryPage() {
  const { id = '' } = useParams();
  const key = encodeURIComponent(id);
  const config = useQuery({
    queryKey: ['config', id],
    queryFn: () => api.get<ConfigView>(`/api/configs/${key}`),
  });
  const [page, setPage] = useState(1);
  const runs = useQuery({
    queryKey: ['history', id, page],
    queryFn: () =>
      api.get<Page<RunView>>(
        `/api/configs/${key}/runs${query({ offset: (page - 1) * PAGE, limit: PAGE })}`,
      ),
    placeholderData: keepPreviousData,
  });
  const pages = Math.max(1, Math.ceil((runs.data?.total ?? 0) / PAGE));
  if (config.isPending || runs.isPending) return <CenteredLoader label="Loading the history" />;
  if (config.isError)
    return <ErrorAlert error={config.error} title="The configuration could not be loaded" />;
  return (
    <Stack>
      <Anchor component={Link} to="/syncs" size="sm">
        ← Import &amp; Sync
      </Anchor>
      <Group justify="space-between" wrap="wrap">
        <Group gap="sm">
          <Title order={1}>History: {config.data.name}</Title>
          <StatusBadge status={config.data.status === 'paused' ? 'paused' : 'active'} />
        </Group>
        <Group>
          <Button component={Link} to={`/syncs/${key}/run`}>
            Run
          </Button>
          <Button component={Link} to={`/syncs/${key}/edit`} variant="default">
            Edit
          </Button>
        </Group>
      </Group>
      <ErrorAlert error={runs.error} title="The runs could not be loaded" />
      {runs.data?.items.length === 0 ? (
        <Text c="dimmed">This sync has not been run yet.</Text>
      ) : null}
      {runs.data !== undefined && runs.data.items.length > 0 ? (
        <div className="table-scroll">
          <Table striped highlightOnHover miw={880}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th>
                <Table.Th>By</Table.Th>
                <Table.Th>File</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>New</Table.Th>
                <Table.Th>Updated</Table.Th>
                <Table.Th>Deactivated</Table.Th>
                <Table.Th>Skipped</Table.Th>
                <Table.Th>Errors</Table.Th>
                <Table.Th>Welcome e-mails</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.data.items.map((run) => (
                <Table.Tr key={run.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/runs/${encodeURIComponent(run.id)}`}>
                      {formatDateTime(run.createdAt)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{run.actor.name}</Table.Td>
                  <Table.Td className="change-line">{run.fileName}</Table.Td>
                  <Table.Td>
                    <RunStatusBadge status={run.status} />
                  </Table.Td>
                  <Table.Td>{formatNumber(run.counts.new)}</Table.Td>
                  <Table.Td>{formatNumber(run.counts.updated)}</Table.Td>
                  <Table.Td>{formatNumber(run.counts.deactivated)}</Table.Td>
                  <Table.Td>{formatNumber(run.counts.skipped)}</Table.Td>
                  <Table.Td>{formatNumber(run.counts.error)}</Table.Td>
                  <Table.Td>{describeEmails(run.emails)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      ) : null}
      {pages > 1 ? (
        <Pagination total={pages} value={page} onChange={setPage} aria-label="Pages of runs" />
      ) : null}
    </Stack>
  );
}

/** "1 of 4 sent, 1 waiting, 1 held, 1 failed", or a dash for a run that queued none. */
function describeEmails(emails: RunView['emails']): string {
  if (emails.queued === 0) return '—';
  const more = (count: number, what: string) =>
    count > 0 ? `, ${formatNumber(count)} ${what}` : '';
  return `${formatNumber(emails.sent)} of ${formatNumber(emails.queued)} sent${more(emails.waiting, 'waiting')}${more(emails.held, 'held')}${more(emails.failed, 'failed')}`;
}
