/** Writes small CSV uploads for the run tests, the way an administrator's export would look. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const folder = mkdtempSync(join(tmpdir(), 'usersync-runs-'));
let count = 0;

function quoteCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A user row with the required columns filled from the userName, plus `extra`. */
export function aRow(userName: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    userName,
    email: `${userName}@example.com`,
    firstName: 'First',
    lastName: userName,
    ...extra,
  };
}

/** Writes the rows as a CSV file (header = the union of their keys); returns its path. */
export function writeCsv(
  rows: readonly Record<string, string>[],
  header?: readonly string[],
): string {
  const columns = header ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const lines = [
    columns.join(','),
    ...rows.map((row) => columns.map((column) => quoteCell(row[column] ?? '')).join(',')),
  ];
  count += 1;
  const path = join(folder, `upload-${count}.csv`);
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
  return path;
}
