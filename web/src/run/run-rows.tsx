/**
 * The rows of a run, paged from the API (GET /api/runs/:id/rows) and virtualised, so a preview
 * of 100,000 rows scrolls as smoothly as one of 20.
 */
import { Badge, Group, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
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
  const rows = useInfiniteQuery({
    queryKey: ['run-rows', props.runId, classParam, debounced],
    queryFn: ({ pageParam }) =>
      api.get<Page<RowView>>(
        `/api/runs/${encodeURIComponent(props.runId)}/rows${query({
          class: classParam,
          search: debounced,
          offset: pageParam,
          limit: PAGE,
        })}`,
      ),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((sum, page) => sum + page.items.length, 0);
      return loaded < last.total && last.items.length > 0 ? loaded : undefined;
    },
  });
  const items = rows.data?.pages.flatMap((page) => page.items) ?? [];
  const total = rows.data?.pages[0]?.total ?? 0;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.hasNextPage ? items.length + 1 : items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 56,
    overscan: 8,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const lastIndex = virtualItems[virtualItems.length - 1]?.index ?? -1;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = rows;
  useEffect(() => {
    if (lastIndex >= items.length - 1 && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [lastIndex, items.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Text fw={600} aria-live="polite">
          {props.title}: {rows.data === undefined ? 'loading…' : plural(total, 'row')}
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
      <ErrorAlert error={rows.error} title="The rows could not be loaded" />
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
            const row = items[item.index];
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
                {row === undefined ? (
                  <span role="cell">Loading more rows…</span>
                ) : (
                  <RowCells row={row} />
                )}
              </div>
            );
          })}
        </div>
        {rows.data !== undefined && total === 0 ? (
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
