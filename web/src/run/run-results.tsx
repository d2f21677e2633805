/**
 * Results of an applied (or failed) run: counts by category, each category's users, the error
 * details, the e-mails queued, and the results workbook to download.
 */
import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import type { RowClass, RunView } from '../api/types.ts';
import { CountCards } from '../components/count-cards.tsx';
import { formatNumber } from '../format.ts';
import { RunRows } from './run-rows.tsx';

const RESULT_LABELS = {
  new: 'Added',
  updated: 'Updated',
  deactivated: 'Deactivated',
  skipped: 'Skipped',
  error: 'Errors',
} as const;

const RESULT_HELP = {
  new: 'accounts created',
  updated: 'users changed',
  deactivated: 'users deactivated',
  skipped: 'left as they were',
  error: 'rows not imported',
} as const;

export function RunResults({ run }: { run: RunView }) {
  const [selected, setSelected] = useState<RowClass | null>(null);
  return (
    <Stack>
      {run.status === 'failed' ? (
        <Alert color="red" title="This run failed; nothing was changed" role="alert">
          {run.errorMessage ?? 'The run failed.'}
        </Alert>
      ) : (
        <Alert color="green" title="The sync is complete">
          Select a category to see its users.
          {run.emails.queued > 0 ? (
            <>
              {' '}
              {formatNumber(run.emails.queued)} welcome e-mails are queued (
              {formatNumber(run.emails.sent)} sent, {formatNumber(run.emails.waiting)} waiting,{' '}
              {formatNumber(run.emails.held)} held without a mail server,{' '}
              {formatNumber(run.emails.failed)} failed); see the{' '}
              <Anchor inherit component={Link} to={`/mailbox?runId=${encodeURIComponent(run.id)}`}>
                Mailbox
              </Anchor>
              .
            </>
          ) : null}
        </Alert>
      )}
      <CountCards
        counts={run.counts}
        selected={selected}
        onSelect={setSelected}
        labels={RESULT_LABELS}
        help={RESULT_HELP}
      />
      <Group>
        <Button
          component="a"
          href={`/api/runs/${encodeURIComponent(run.id)}/export`}
          download
          variant="light"
        >
          Download results (.xlsx)
        </Button>
        <Button
          component={Link}
          to={`/syncs/${encodeURIComponent(run.configId)}/history`}
          variant="default"
        >
          History
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        The workbook has a summary sheet and one row per file row and per deactivated user.
      </Text>
      <RunRows
        runId={run.id}
        classes={selected === null ? [] : [selected]}
        title={selected === null ? 'All rows' : `${RESULT_LABELS[selected]} users`}
      />
    </Stack>
  );
}
