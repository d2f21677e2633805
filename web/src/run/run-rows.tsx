/**
 * The rows of a run, paged from the API (GET /api/runs/:id/rows) and virtualised, so a preview
 * of 100,000 rows scrolls as smoothly as one of 20.
 */
import { Badge, Group, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import { api, query } from '../api/client.ts';
import type { Page, RowClass, RowView } from '../api/types.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { plural, showValue } from '../format.ts';

const PAGE = 200;

export const CLASS_COLORS: Record<RowClass, string> = {
  new: 'green',
  updated: 'blue',
  deactivated: 'orange',
  skipped: 'gray',
  error: 'red',
};

const CLASS_NAMES: Record<RowClass, string> = {
  new: 'New',
  updated: 'Updated',
  deactivated: 'Deactivated',
  skipped: 'Skipped',
  error: 'Error',
};

export function RunRows(props: { runId: string; classes: RowClass[]; title: string }) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const classParam = props.classes.join(',');
  const baseKey = ['run-rows', props.runId, classParam, debounced] as const;
  const fetchPage = (page: number) =>
    api.get<Page<RowView>>(
      `/api/runs/${encodeURIComponent(props.runId)}/rows${query({
        class: classParam,
        search: debounced,
        offset: page * PAGE,
        limit: PAGE,
      })}`,
    );
  // The first page gives the total; the list is as long as the total from the start, and each
  // page of rows is fetched when it scrolls into view (random access: dragging the scrollbar to
  // row 90,000 loads that page, not the 450 before it).
  const first = useQuery({ queryKey: [...baseKey, 0], queryFn: () => fetchPage(0) });
  const total = first.data?.total ?? 0;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => 56,
    overscan: 8,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const pageIndexes = [...new Set(virtualItems.map((item) => Math.floor(item.index / PAGE)))];
  const pages = useQueries({
    queries: pageIndexes.map((page) => ({
      queryKey: [...baseKey, page],
      queryFn: () => fetchPage(page),
    })),
  });
  const rowAt = (index: number): RowView | undefined => {
    const page = Math.floor(index / PAGE);
    return pages[pageIndexes.indexOf(page)]?.data?.items[index - page * PAGE];
  };
  const error = first.error ?? pages.find((page) => page.error !== null)?.error ?? null;

  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Text fw={600} aria-live="polite">
          {props.title}: {first.data === undefined ? 'loading…' : plural(total, 'row')}
        </Text>
        <TextInput
          label="Search these rows"
          placeholder="User name or e-mail"
          size="xs"
          value={search}
          onChange={(event) => {
            setSearch(event.currentTarget.value);
          }}
          w={240}
        />
      </Group>
      <ErrorAlert error={error} title="The rows could not be loaded" />
      <div
        ref={scroller}
        className="virtual-list"
        role="table"
        aria-label={props.title}
        aria-rowcount={total + 1}
        tabIndex={0}
      >
        <div className="virtual-head" role="row">
          <span role="columnheader">Row</span>
          <span role="columnheader">User</span>
          <span role="columnheader">Class</span>
          <span role="columnheader">Changes, reason and errors</span>
        </div>
        <div className="virtual-body" style={{ height: `${virtualizer.getTotalSize()}px` }}>
          {virtualItems.map((item) => {
            const row = rowAt(item.index);
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="virtual-row"
                role="row"
                aria-rowindex={item.index + 2}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {row === undefined ? <span role="cell">Loading…</span> : <RowCells row={row} />}
              </div>
            );
          })}
        </div>
        {first.data !== undefined && total === 0 ? (
          <Text p="md" c="dimmed">
            No rows here.
          </Text>
        ) : null}
      </div>
    </Stack>
  );
}

function RowCells({ row }: { row: RowView }) {
  return (
    <>
      <span role="cell">{row.row ?? '—'}</span>
      <span role="cell" className="change-line">
        <Text size="sm" fw={500} span>
          {row.userName === '' ? '(no user name)' : row.userName}
        </Text>
        {row.email !== '' ? (
          <Text size="xs" c="dimmed" className="change-line">
            {row.email}
          </Text>
        ) : null}
      </span>
      <span role="cell">
        <Badge color={CLASS_COLORS[row.class]} variant="light">
          {CLASS_NAMES[row.class]}
        </Badge>
      </span>
      <span role="cell" className="change-line">
        {row.reason !== null ? (
          <Text size="sm" c="dimmed">
            {row.reason}
          </Text>
        ) : null}
        {row.changes.map((change) => (
          <Text size="sm" key={change.field}>
            <strong>{change.field}</strong>: {showValue(change.from)} → {showValue(change.to)}
          </Text>
        ))}
        {row.errors.map((error, index) => (
          <Text size="sm" c="red.8" key={`${error.field ?? ''}-${index}`}>
            Row {error.row ?? row.row ?? '—'}
            {error.field !== null ? `, ${error.field}` : ''}: {error.message}
          </Text>
        ))}
      </span>
    </>
  );
}
