/**
 * Settings: licensing and seat limit, SSO domains, API tokens (the token shown once), and the
 * mail settings with a test message.
 */
import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { errorMessage } from '../api/api-error.ts';
import { api } from '../api/client.ts';
import type { ApiTokenView, MailSettingsView, Settings } from '../api/types.ts';
import { CenteredLoader } from '../components/centered-loader.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { formatDateTime } from '../format.ts';

export function SettingsPage() {
  const settings = useQuery({
    queryKey: ['settings'],
    queryFn: () => api.get<Settings>('/api/settings'),
  });
  return (
    <Stack>
      <Title order={1}>Settings</Title>
      {settings.isPending ? <CenteredLoader label="Loading the settings" /> : null}
      <ErrorAlert error={settings.error} title="The settings could not be loaded" />
      {settings.data !== undefined ? <LicensingForm settings={settings.data} /> : null}
      {settings.data !== undefined ? <FileLimitsForm settings={settings.data} /> : null}
      <TokensPanel />
      <MailPanel />
    </Stack>
  );
}

function LicensingForm({ settings }: { settings: Settings }) {
  const client = useQueryClient();
  const [licensing, setLicensing] = useState(settings.licensing);
  const [seatLimit, setSeatLimit] = useState<number | string>(settings.seatLimit ?? '');
  const [ssoDomains, setSsoDomains] = useState<string[]>(settings.ssoDomains);
  const [limitError, setLimitError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (patch: Partial<Settings>) => api.put<Settings>('/api/settings', patch),
    onSuccess: (saved) => {
      client.setQueryData(['settings'], saved);
      notifications.show({ color: 'green', message: 'The settings are saved.' });
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    let limit: number | null = null;
    if (licensing === 'named') {
      const parsed = typeof seatLimit === 'number' ? seatLimit : Number.parseInt(seatLimit, 10);
      if (!Number.isInteger(parsed) || parsed < 0) {
        setLimitError('Enter the number of seats your licence allows (a whole number).');
        return;
      }
      limit = parsed;
    }
    setLimitError(null);
    save.mutate({ licensing, seatLimit: limit, ssoDomains });
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="licensing-title">
      <form onSubmit={submit}>
        <Stack>
          <Title order={2} size="h3" id="licensing-title">
            Licensing and sign-in
          </Title>
          <Stack gap={4}>
            <Text size="sm" fw={500} id="licensing-label">
              Licensing
            </Text>
            <SegmentedControl
              aria-labelledby="licensing-label"
              data={[
                { value: 'none', label: 'No seat limit' },
                { value: 'named', label: 'Named users (seat limit)' },
              ]}
              value={licensing}
              onChange={(value) => {
                setLicensing(value === 'named' ? 'named' : 'none');
              }}
              w="fit-content"
            />
          </Stack>
          {licensing === 'named' ? (
            <NumberInput
              label="Seat limit"
              description="Active users may never exceed this; a run that would is refused."
              min={0}
              allowDecimal={false}
              value={seatLimit}
              onChange={setSeatLimit}
              error={limitError}
              maw={260}
            />
          ) : null}
          <TagsInput
            label="SSO domains"
            description="New users with an e-mail address in these domains sign in with SSO and get no welcome e-mail. * means every domain. Press Enter after each."
            placeholder="example.com"
            value={ssoDomains}
            onChange={setSsoDomains}
            maw={520}
          />
          <ErrorAlert error={save.error} title="The settings were not saved" />
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save settings
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

const MIB = 1024 * 1024;

/** The file limits an administrator may raise (or lower); blank keeps the built-in default. */
const LIMIT_INPUTS = [
  { key: 'maxUploadBytes', label: 'Largest file (MiB)', unit: MIB, fallback: 100 },
  {
    key: 'maxPartBytes',
    label: 'Largest uncompressed part of an .xlsx (MiB)',
    unit: MIB,
    fallback: 1024,
  },
  { key: 'maxRows', label: 'Most rows in a file', unit: 1, fallback: 1_000_000 },
] as const;

type LimitKey = (typeof LIMIT_INPUTS)[number]['key'];

function FileLimitsForm({ settings }: { settings: Settings }) {
  const client = useQueryClient();
  const stored = (key: LimitKey, unit: number): number | string => {
    const value = settings.limits[key];
    return value === undefined ? '' : Math.round(value / unit);
  };
  const [values, setValues] = useState<Record<LimitKey, number | string>>(() => ({
    maxUploadBytes: stored('maxUploadBytes', MIB),
    maxPartBytes: stored('maxPartBytes', MIB),
    maxRows: stored('maxRows', 1),
  }));
  const save = useMutation({
    mutationFn: (limits: Settings['limits']) => api.put<Settings>('/api/settings', { limits }),
    onSuccess: (saved) => {
      client.setQueryData(['settings'], saved);
      notifications.show({ color: 'green', message: 'The file limits are saved.' });
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const limits: Settings['limits'] = {
      ...(settings.limits.maxCompressionRatio === undefined
        ? {}
        : { maxCompressionRatio: settings.limits.maxCompressionRatio }),
    };
    for (const { key, unit } of LIMIT_INPUTS) {
      const value = values[key];
      if (typeof value === 'number' && value > 0) limits[key] = value * unit;
    }
    save.mutate(limits);
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="limits-title">
      <form onSubmit={submit}>
        <Stack>
          <Title order={2} size="h3" id="limits-title">
            File limits
          </Title>
          <Text size="sm" c="dimmed">
            Files over a limit are refused with a message naming it. Leave a box empty for the
            default. A million rows with every column filled needs about 512 MiB and 2048 MiB.
          </Text>
          <Group align="flex-start">
            {LIMIT_INPUTS.map(({ key, label, fallback }) => (
              <NumberInput
                key={key}
                label={label}
                placeholder={`${fallback.toLocaleString('en-US')} (default)`}
                min={1}
                allowDecimal={false}
                thousandSeparator=","
                value={values[key]}
                onChange={(value) => {
                  setValues((current) => ({ ...current, [key]: value }));
                }}
                w={260}
              />
            ))}
          </Group>
          <ErrorAlert error={save.error} title="The file limits were not saved" />
          <Group>
            <Button type="submit" variant="default" loading={save.isPending}>
              Save file limits
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function TokensPanel() {
  const client = useQueryClient();
  const tokens = useQuery({
    queryKey: ['tokens'],
    queryFn: () => api.get<{ items: ApiTokenView[] }>('/api/tokens'),
  });
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const create = useMutation({
    mutationFn: () =>
      api.post<ApiTokenView & { token: string }>('/api/tokens', { name: name.trim() }),
    onSuccess: async (result) => {
      setCreated({ name: result.name, token: result.token });
      setName('');
      await client.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (token: ApiTokenView) => api.delete(`/api/tokens/${encodeURIComponent(token.id)}`),
    onSuccess: async (_result, token) => {
      notifications.show({ color: 'green', message: `The token "${token.name}" is revoked.` });
      await client.invalidateQueries({ queryKey: ['tokens'] });
    },
    onError: (error) => {
      notifications.show({ color: 'red', message: errorMessage(error) });
    },
  });
  const active = tokens.data?.items.filter((token) => token.revokedAt === null) ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="tokens-title">
      <Stack>
        <Title order={2} size="h3" id="tokens-title">
          API tokens
        </Title>
        <Text size="sm" c="dimmed">
          Scripts and the command line call the API with{' '}
          <Code>Authorization: Bearer &lt;token&gt;</Code>.
        </Text>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (name.trim() !== '') create.mutate();
          }}
        >
          <Group align="flex-end">
            <TextInput
              label="New token name"
              placeholder="e.g. nightly HR import"
              value={name}
              onChange={(event) => {
                setName(event.currentTarget.value);
              }}
              w={260}
            />
            <Button type="submit" disabled={name.trim() === ''} loading={create.isPending}>
              Create token
            </Button>
          </Group>
        </form>
        <ErrorAlert error={create.error} title="The token was not created" />
        {created !== null ? (
          <Alert color="green" title={`Token "${created.name}" created`} role="status">
            <Stack gap="xs">
              <Text size="sm">Copy it now: it is shown only once.</Text>
              <Code block>{created.token}</Code>
              <Group>
                <CopyButton value={created.token}>
                  {({ copied, copy }) => (
                    <Button size="xs" variant="light" onClick={copy}>
                      {copied ? 'Copied' : 'Copy'}
                    </Button>
                  )}
                </CopyButton>
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => {
                    setCreated(null);
                  }}
                >
                  I have copied it
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : null}
        <ErrorAlert error={tokens.error} title="The tokens could not be loaded" />
        {active.length === 0 ? (
          <Text size="sm" c="dimmed">
            No active token.
          </Text>
        ) : (
          <div className="table-scroll">
            <Table miw={520}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>
                    <span className="visually-hidden">Actions</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {active.map((token) => (
                  <Table.Tr key={token.id}>
                    <Table.Td>{token.name}</Table.Td>
                    <Table.Td>{formatDateTime(token.createdAt)}</Table.Td>
                    <Table.Td>{formatDateTime(token.lastUsedAt)}</Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        color="red"
                        variant="subtle"
                        aria-label={`Revoke the token ${token.name}`}
                        onClick={() => {
                          if (
                            window.confirm(`Revoke "${token.name}"? Scripts using it stop working.`)
                          )
                            revoke.mutate(token);
                        }}
                      >
                        Revoke
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
      </Stack>
    </Paper>
  );
}

const MAIL_SETTING_LABELS: Record<keyof MailSettingsView, string> = {
  delivery: 'Mail server',
  from: 'From',
  organisationName: 'Organisation',
  publicUrl: 'Links start with',
  setPasswordLinkDays: 'Set-password links work for (days)',
};

function MailPanel() {
  const [to, setTo] = useState('');
  const settings = useQuery({
    queryKey: ['mail-settings'],
    queryFn: () => api.get<MailSettingsView>('/api/mail/settings'),
  });
  const test = useMutation({
    mutationFn: () =>
      api.post<{ status: string; message?: string }>('/api/mail/test', { to: to.trim() }),
  });
  const mail = settings.data;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="mail-title">
      <Stack>
        <Title order={2} size="h3" id="mail-title">
          Mail
        </Title>
        {mail !== undefined ? (
          <div className="field-grid">
            {(Object.keys(MAIL_SETTING_LABELS) as (keyof MailSettingsView)[]).map((key) => [
              <Text key={`${key}-k`} size="sm" fw={600}>
                {MAIL_SETTING_LABELS[key]}
              </Text>,
              <Text key={`${key}-v`} size="sm">
                {String(mail[key])}
              </Text>,
            ])}
          </div>
        ) : null}
        <ErrorAlert error={settings.error} title="The mail settings could not be loaded" />
        <Text size="sm" c="dimmed">
          The mail server is set by the server's environment: SMTP_URL, MAIL_FROM,
          ORGANISATION_NAME, PUBLIC_URL (see docs/mail.md). Without SMTP_URL, messages are held in
          the Mailbox.
        </Text>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            test.mutate();
          }}
        >
          <Group align="flex-end">
            <TextInput
              label="Send a test message to"
              type="email"
              placeholder="you@example.com"
              value={to}
              onChange={(event) => {
                setTo(event.currentTarget.value);
              }}
              w={280}
            />
            <Button
              type="submit"
              variant="light"
              disabled={to.trim() === ''}
              loading={test.isPending}
            >
              Send test message
            </Button>
          </Group>
        </form>
        <ErrorAlert error={test.error} title="The test message was not sent" />
        {test.data !== undefined ? (
          <Alert
            color={
              test.data.status === 'sent' ? 'green' : test.data.status === 'held' ? 'gray' : 'red'
            }
          >
            {test.data.message ?? `Status: ${test.data.status}`}
          </Alert>
        ) : null}
      </Stack>
    </Paper>
  );
}
