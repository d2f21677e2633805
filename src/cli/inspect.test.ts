import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type CliIo } from './main.js';

function capture(): CliIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (text) => (out += text),
    err: (text) => (err += text),
    stdout: () => out,
    stderr: () => err,
  };
}

const directory = mkdtempSync(join(tmpdir(), 'usersync-inspect-'));
function csv(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

describe('usersync inspect', () => {
  it('prints the sheet, columns, ignored columns and rows as one JSON object with --json', async () => {
    const io = capture();
    const path = csv(
      'users.csv',
      'userName,Email,firstName,lastName,Notes\njdoe,j@x.org,Jane,Doe,hi\n\nmsmith,m@x.org,,Smith,\n',
    );
    expect(await main(['inspect', path, '--json'], io)).toBe(0);
    expect(JSON.parse(io.stdout())).toEqual({
      sheet: null,
      columns: [
        { header: 'userName', field: 'userName' },
        { header: 'Email', field: 'email' },
        { header: 'firstName', field: 'firstName' },
        { header: 'lastName', field: 'lastName' },
        { header: 'Notes', field: null },
      ],
      ignoredColumns: ['Notes'],
      rows: [
        {
          row: 2,
          values: { userName: 'jdoe', email: 'j@x.org', firstName: 'Jane', lastName: 'Doe' },
          problems: [],
        },
        {
          row: 4,
          values: { userName: 'msmith', email: 'm@x.org', firstName: '', lastName: 'Smith' },
          problems: [],
        },
      ],
    });
  });

  it('shows cell problems of xlsx rows with their field and code', async () => {
    const io = capture();
    expect(await main(['inspect', 'test/fixtures/xlsx/users-openpyxl.xlsx', '--json'], io)).toBe(0);
    const output = JSON.parse(io.stdout()) as { sheet: string; rows: { problems: unknown[] }[] };
    expect(output.sheet).toBe('Users');
    expect(output.rows[0]?.problems).toEqual([
      expect.objectContaining({ field: 'cField1', code: 'formula-without-value' }),
    ]);
  });

  it('prints a readable summary by default', async () => {
    const io = capture();
    expect(await main(['inspect', 'test/fixtures/xlsx/users-openpyxl.xlsx'], io)).toBe(0);
    expect(io.stdout()).toContain('sheet "Users", header in row 1');
    expect(io.stdout()).toContain('Notes      → (ignored)');
    expect(io.stdout()).toContain('Row 2: userName="jdoe"');
    expect(io.stdout()).toContain('! cField1: cell H2 has a formula');
    expect(io.stdout()).toContain('3 row(s), 1 with cell problems.');
  });

  it('prints {"error": {code, message}} and exits 1 for a refused file with --json', async () => {
    const io = capture();
    const path = csv('no-email.csv', 'userName,firstName,lastName\n');
    expect(await main(['inspect', path, '--json'], io)).toBe(1);
    expect(JSON.parse(io.stdout())).toEqual({
      error: { code: 'missing-columns', message: expect.stringContaining('"email"') as string },
    });
  });

  it('prints the refusal on stderr and exits 1 without --json', async () => {
    const io = capture();
    expect(await main(['inspect', 'test/fixtures/xlsx/users-libreoffice.xls'], io)).toBe(1);
    expect(io.stderr()).toContain('old Excel 97–2003 format');
  });

  it('exits 1 with a message for a path that does not exist', async () => {
    const io = capture();
    expect(await main(['inspect', join(directory, 'missing.xlsx'), '--json'], io)).toBe(1);
    expect(JSON.parse(io.stdout())).toMatchObject({ error: { code: 'unreadable-path' } });
  });
});
