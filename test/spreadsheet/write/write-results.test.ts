import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DeactivatedUser,
  ResultRow,
  ResultsSummary,
} from '../../../src/spreadsheet/write/results-workbook-input.js';
import { writeResultsWorkbook } from '../../../src/spreadsheet/write/write-results.js';
import { memoryOutput, part, readXlsxParts } from './xlsx-parts.js';

/** Values a spreadsheet program could take for a formula, or otherwise not read back exactly. */
const DANGEROUS = [
  '=HYPERLINK("http://x","y")',
  '+1',
  '-1',
  '@SUM(A1)',
  '=1+1',
  '-2+3',
  "+cmd|' /C calc'!A0",
];
const AWKWARD = [
  '  leading and trailing  ',
  'two\nlines',
  'a_x0041_b',
  'bell\u0007and\u0001',
  '<b>&amp;"\'',
  'Zoë 👩‍💻',
  '00123',
  'TRUE',
  '1e5',
];

function aSummary(overrides: Partial<ResultsSummary> = {}): ResultsSummary {
  return {
    configurationName: 'HR nightly',
    runId: 'run-42',
    fileName: 'users.xlsx',
    runBy: 'admin',
    runAt: '2025-03-01T09:30:00.000Z',
    status: 'applied',
    counts: { new: 3, updated: 5, deactivated: 2, skipped: 7, error: 1 },
    emailsQueued: 3,
    ...overrides,
  };
}

function aRow(overrides: Partial<ResultRow> = {}): ResultRow {
  return {
    row: 2,
    userName: 'jdoe',
    email: 'jane.doe@example.com',
    class: 'new',
    reason: null,
    changes: [],
    errors: [],
    ...overrides,
  };
}

async function writeToBuffer(
  rows: readonly ResultRow[],
  deactivated: readonly DeactivatedUser[] = [],
  summary: ResultsSummary = aSummary(),
): Promise<Buffer> {
  const output = memoryOutput();
  await writeResultsWorkbook(output, { summary, rows, deactivated });
  return output.bytes();
}

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  return workbook;
}

function sheetOf(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const sheet = workbook.getWorksheet(name);
  if (sheet === undefined) {
    throw new Error(`no sheet ${name}`);
  }
  return sheet;
}

/** Every row of a sheet as the texts a person sees, from column 1 to `width`. */
function texts(sheet: ExcelJS.Worksheet, width: number): string[][] {
  const rows: string[][] = [];
  for (let row = 1; row <= sheet.rowCount; row += 1) {
    rows.push(
      Array.from({ length: width }, (_, index) => sheet.getRow(row).getCell(index + 1).text),
    );
  }
  return rows;
}

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'usersync-results-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('the results workbook (SPEC §5)', () => {
  it('never writes a value starting with =, +, - or @ as a formula, and reads it back exactly', async () => {
    const values = [...DANGEROUS, ...AWKWARD];
    const rows = values.map((value, index) =>
      aRow({
        row: index + 2,
        userName: value,
        email: value,
        class: 'updated',
        reason: value,
        changes: [{ field: 'title', from: 'x', to: value }],
        errors: [{ field: 'email', code: 'invalid', message: value }],
      }),
    );
    const deactivated = values.map((value) => ({ userName: value, email: value, reason: value }));
    const bytes = await writeToBuffer(
      rows,
      deactivated,
      aSummary({ configurationName: DANGEROUS[0] ?? '' }),
    );

    const parts = await readXlsxParts(bytes);
    for (const [name, xml] of parts) {
      expect({ name, hasFormula: /<f[\s>/]/.test(xml) }).toEqual({ name, hasFormula: false });
    }
    const rowsXml = part(parts, 'xl/worksheets/sheet2.xml');
    for (const [, attributes] of rowsXml.matchAll(/<c r="[B-G]\d+"([^>]*)>/g)) {
      expect(attributes).toContain('t="inlineStr"');
    }

    const workbook = await load(bytes);
    const read = texts(sheetOf(workbook, 'Rows'), 7).slice(1);
    expect(read).toEqual(
      values.map((value, index) => [
        String(index + 2),
        value,
        value,
        'Updated',
        value,
        `title: x → ${value}`,
        `email: ${value}`,
      ]),
    );
    expect(texts(sheetOf(workbook, 'Deactivated'), 3).slice(1)).toEqual(
      values.map((value) => [value, value, value]),
    );
    expect(sheetOf(workbook, 'Summary').getCell('B1').text).toBe(DANGEROUS[0]);
  });

  it('has the sheets Summary, Rows and Deactivated, in that order', async () => {
    const workbook = await load(await writeToBuffer([aRow()]));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Summary',
      'Rows',
      'Deactivated',
    ]);
  });

  it('summarises the run and its counts per class, counts as numbers', async () => {
    const workbook = await load(await writeToBuffer([aRow()]));
    const summary = sheetOf(workbook, 'Summary');
    expect(texts(summary, 2)).toEqual([
      ['Configuration', 'HR nightly'],
      ['Run id', 'run-42'],
      ['File', 'users.xlsx'],
      ['Run by', 'admin'],
      ['Run at', '2025-03-01T09:30:00.000Z'],
      ['Status', 'applied'],
      ['New users', '3'],
      ['Updated users', '5'],
      ['Deactivated users', '2'],
      ['Skipped', '7'],
      ['Errors', '1'],
      ['E-mails queued', '3'],
    ]);
    expect(summary.getCell('B7').value).toBe(3);
    expect(summary.getCell('B12').value).toBe(3);
  });

  it('lists each row with its number, class, reason, changes (before → after) and errors', async () => {
    const workbook = await load(
      await writeToBuffer([
        aRow({ row: 2, userName: 'new1', class: 'new' }),
        aRow({
          row: 3,
          userName: 'upd1',
          class: 'updated',
          changes: [
            { field: 'title', from: 'Engineer', to: 'Lead' },
            { field: 'phone', from: '', to: '555' },
            { field: 'city', from: 'Paris', to: '' },
          ],
        }),
        aRow({ row: 4, userName: 'skip1', class: 'skipped', reason: 'no changes' }),
        aRow({
          row: 5,
          userName: 'err1',
          class: 'error',
          errors: [
            { field: 'email', code: 'invalid-email', message: 'not a valid e-mail address' },
            { field: null, code: 'duplicate', message: 'appears twice in the file' },
          ],
        }),
        aRow({ row: null, userName: 'gone', class: 'deactivated', reason: 'missing from file' }),
      ]),
    );
    const rows = sheetOf(workbook, 'Rows');
    expect(texts(rows, 7)).toEqual([
      ['Row', 'userName', 'email', 'Class', 'Reason', 'Changes', 'Errors'],
      ['2', 'new1', 'jane.doe@example.com', 'New', '', '', ''],
      [
        '3',
        'upd1',
        'jane.doe@example.com',
        'Updated',
        '',
        'title: Engineer → Lead\nphone: (blank) → 555\ncity: Paris → (blank)',
        '',
      ],
      ['4', 'skip1', 'jane.doe@example.com', 'Skipped', 'no changes', '', ''],
      [
        '5',
        'err1',
        'jane.doe@example.com',
        'Error',
        '',
        '',
        'email: not a valid e-mail address\nappears twice in the file',
      ],
      ['', 'gone', 'jane.doe@example.com', 'Deactivated', 'missing from file', '', ''],
    ]);
    expect(rows.getCell('A2').value).toBe(2);
  });

  it('makes the header rows bold and frozen, filters Rows, and wraps changes and errors', async () => {
    const bytes = await writeToBuffer([aRow(), aRow({ row: 3 })], [aRow()]);
    const workbook = await load(bytes);
    for (const name of ['Rows', 'Deactivated']) {
      const sheet = sheetOf(workbook, name);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.getCell('A1').font.bold).toBe(true);
    }
    const rows = sheetOf(workbook, 'Rows');
    expect(rows.getCell('F2').alignment.wrapText).toBe(true);
    expect(rows.getCell('G2').alignment.wrapText).toBe(true);
    expect(rows.getCell('B2').numFmt).toBe('@');
    const rowsXml = part(await readXlsxParts(bytes), 'xl/worksheets/sheet2.xml');
    expect(rowsXml).toContain('<autoFilter ref="A1:G3"/>');
  });

  it('lists the deactivated users with their userName, email and reason', async () => {
    const workbook = await load(
      await writeToBuffer(
        [],
        [
          { userName: 'gone1', email: 'gone1@example.com', reason: 'missing from file' },
          { userName: 'gone2', email: 'gone2@example.com', reason: null },
        ],
      ),
    );
    expect(texts(sheetOf(workbook, 'Deactivated'), 3)).toEqual([
      ['userName', 'email', 'Reason'],
      ['gone1', 'gone1@example.com', 'missing from file'],
      ['gone2', 'gone2@example.com', ''],
    ]);
  });

  it('streams 50,000 rows from an async source to a file, reporting progress', async () => {
    const count = 50_000;
    async function* generate(): AsyncGenerator<ResultRow> {
      for (let index = 0; index < count; index += 1) {
        await Promise.resolve();
        yield aRow({ row: index + 2, userName: `user${index}`, email: `user${index}@example.com` });
      }
    }
    const progress: number[] = [];
    const path = join(directory, 'large.xlsx');
    await writeResultsWorkbook(path, {
      summary: aSummary(),
      rows: generate(),
      deactivated: [],
      onProgress: (written) => progress.push(written),
    });
    const rowsXml = part(await readXlsxParts(await readFile(path)), 'xl/worksheets/sheet2.xml');
    expect(rowsXml.match(/<row /g)).toHaveLength(count + 1);
    expect(rowsXml).toContain(`<c r="B${count + 1}" s="`);
    expect(rowsXml).toContain(`<t>user${count - 1}</t>`);
    expect(progress.at(-1)).toBe(count);
    expect(progress.length).toBeGreaterThan(10);
  });

  it('rejects with the source’s error and leaves no partial file when a source fails', async () => {
    function* failing(): Generator<ResultRow> {
      yield aRow();
      throw new Error('the directory went away');
    }
    const path = join(directory, 'failed.xlsx');
    await expect(
      writeResultsWorkbook(path, { summary: aSummary(), rows: failing(), deactivated: [] }),
    ).rejects.toThrow('the directory went away');
    await expect(access(path)).rejects.toThrow();
  });
});
