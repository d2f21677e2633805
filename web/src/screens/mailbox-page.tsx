/**
 * Mailbox: the outbox (GET /api/mail), so a first-time user sees the welcome e-mails even
 * without a mail server. Selecting a message shows its text.
 */
import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, query } from '../api/client.ts';
import type { MailDetail, MailStatus, MailView } from '../api/types.ts';
import { CenteredLoader } from '../components/centered-loader.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { formatDateTime, plural } from '../format.ts';

const STATUS_COLORS: Record<MailStatus, string> = {
  pending: 'blue',
  sending: 'yellow',
  sent: 'green',
  failed: 'red',
  held: 'gray',
};

export function MailboxPage() {
  const [params] = useSearchParams();
  const runId = params.get('runId');
  const [status, setStatus] = useState<string | null>('any');
  const [open, setOpen] = useState<string | null>(null);
  const mail = useQuery({
    queryKey: ['mail', runId, status],
    queryFn: () =>
      api.get<{ items: MailView[]; total?: number }>(
        `/api/mail${query({ runId, status: status === 'any' ? null : status })}`,
      ),
    refetchInterval: 5000,
  });
  return (
    <Stack>
      <Title order={1}>Mailbox</Title>
      <Text size="sm" c="dimmed">
        Every message usersync sends or holds. Without a mail server configured, messages wait here
        as "held": you can read each welcome e-mail, but its set-password link is left out, because
        usersync never keeps a usable link. Configure a mail server (see docs/mail.md), then send
        the user a new welcome e-mail from their page.
      </Text>
      <Group align="flex-end">
        <Select
          label="Status"
          data={[
            { value: 'any', label: 'All' },
            { value: 'pending', label: 'Pending' },
            { value: 'sent', label: 'Sent' },
            { value: 'held', label: 'Held (no mail server)' },
            { value: 'failed', label: 'Failed' },
          ]}
          value={status}
          onChange={setStatus}
          allowDeselect={false}
          w={220}
        />
        {runId !== null ? (
          <Anchor href="/mailbox" size="sm" mb={8}>
            Show the messages of every run
          </Anchor>
        ) : null}
      </Group>
      {mail.isPending ? <CenteredLoader label="Loading messages" /> : null}
      <ErrorAlert error={mail.error} title="The messages could not be loaded" />
      {mail.data !== undefined ? (
        <Text size="sm" c="dimmed">
          {plural(mail.data.total ?? mail.data.items.length, 'message')}
        </Text>
      ) : null}
      {mail.data !== undefined && mail.data.items.length > 0 ? (
        <div className="table-scroll">
          <Table striped miw={640}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Queued</Table.Th>
                <Table.Th>To</Table.Th>
                <Table.Th>Subject</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>
                  <span className="visually-hidden">Open</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {mail.data.items.map((message) => (
                <Table.Tr key={message.id}>
                  <Table.Td>{formatDateTime(message.createdAt)}</Table.Td>
                  <Table.Td className="change-line">{message.recipient}</Table.Td>
                  <Table.Td>{message.subject ?? `(${message.kind})`}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLORS[message.status]} variant="light">
                      {message.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="subtle"
                      onClick={() => {
                        setOpen(message.id);
                      }}
                      aria-label={`Read the message to ${message.recipient}`}
                    >
                      Read
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      ) : null}
      <Modal
        opened={open !== null}
        onClose={() => {
          setOpen(null);
        }}
        title="Message"
        size="lg"
      >
        {open !== null ? <MessageBody id={open} /> : null}
      </Modal>
    </Stack>
  );
}

function MessageBody({ id }: { id: string }) {
  const message = useQuery({
    queryKey: ['mail-message', id],
    queryFn: () => api.get<MailDetail>(`/api/mail/${encodeURIComponent(id)}`),
  });
  if (message.isPending) return <CenteredLoader label="Loading the message" />;
  if (message.isError) return <ErrorAlert error={message.error} />;
  const data = message.data;
  return (
    <Stack gap="xs">
      <Text size="sm">
        <strong>To:</strong> {data.recipient}
      </Text>
      <Text size="sm">
        <strong>Subject:</strong> {data.subject ?? '(not rendered yet)'}
      </Text>
      <Text size="sm">
        <strong>Status:</strong> {data.status}
        {data.lastError ? ` — ${data.lastError}` : ''}
      </Text>
      <div className="mail-body">
        {data.text === null ? 'The text is rendered when the message is sent.' : linkify(data.text)}
      </div>
      {data.attempts.length > 0 ? (
        <Stack gap={2}>
          <Text size="sm" fw={600}>
            Attempts
          </Text>
          {data.attempts.map((attempt) => (
            <Text key={attempt.attempt} size="sm">
              #{attempt.attempt} {formatDateTime(attempt.at)} — {attempt.outcome}: {attempt.detail}
            </Text>
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}

/** The text with its web addresses as links (a set-password link opens in this browser). */
function linkify(text: string) {
  return text.split(/(https?:\/\/[^\s<>"]+)/g).map((part, index) =>
    /^https?:\/\//.test(part) ? (
      <Anchor key={index} href={part} target="_blank" rel="noreferrer">
        {part}
      </Anchor>
    ) : (
      part
    ),
  );
}
