/**
 * The results workbook of a run (SPEC §5): a Summary sheet, a Rows sheet with one line per file
 * row and per missing user, and a Deactivated sheet. Written with ExcelJS's streaming writer, so a
 * run of a million rows never sits in memory: each row is serialised and handed to the zip as it
 * comes, and the writer waits for the output whenever the output asks it to.
 *
 * Formula injection (SPEC §5: "a value starting with =, +, - or @ never becomes a formula").
 * Every text value goes into an inline string cell (`t="inlineStr"`, `<is><r><t>…</t></r></is>`),
 * never into `<f>`: in ExcelJS only an object such as `{ formula }` makes a formula, and the only
 * object written here is a one-run `{ richText }`. A string cell is not evaluated by Excel,
 * LibreOffice or Google Sheets, whatever its first character.
 * - Why rich text and not a plain JS string: for a plain string ExcelJS's streaming writer emits
 *   `t="str"` with the text in `<v>` (the type of a formula's cached string). LibreOffice reads
 *   that with leading and trailing spaces stripped and without decoding `_xHHHH_` escapes, so it
 *   does not read back exactly; `<is><t>` does, in LibreOffice and ExcelJS alike (verified by
 *   converting with LibreOffice 7.4). Shared strings (`t="s"`) would also do, but the writer keeps
 *   the whole shared-string table in memory, which defeats streaming.
 * - The remaining risk is an administrator opening such a cell for editing and pressing Enter,
 *   when the program re-parses what it shows. Excel's `quotePrefix` cell style would prevent that,
 *   but ExcelJS (4.4) cannot write it, so every text column gets the Text number format (`@`),
 *   under which Excel and LibreOffice keep whatever is entered as text.
 * - We deliberately do NOT prefix an apostrophe or a space, as CSV exports must: in an .xlsx it
 *   would become part of the value, and the SPEC wants every cell to read back as exactly the text
 *   written. `encodeCellText` covers the other ways text could read back differently.
 */
import { open, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { columnLetters } from './column-letters.js';
import { formatChanges, formatErrors } from './format-changes.js';
import { waitForZip } from './wait-for-zip.js';
import { TEXT_NUMBER_FORMAT, encodeCellText } from './encode-cell-text.js';
import type {
  DeactivatedUser,
  ItemSource,
  ResultClass,
  ResultRow,
  ResultsSummary,
  ResultsWorkbookInput,
} from './results-workbook-input.js';

/** The sheets of the results workbook, in workbook order. */
export const RESULTS_SHEETS = {
  summary: 'Summary',
  rows: 'Rows',
  deactivated: 'Deactivated',
} as const;

/** The Rows sheet's headers, in column order. */
export const ROWS_HEADERS = [
  'Row',
  'userName',
  'email',
  'Class',
  'Reason',
  'Changes',
  'Errors',
] as const;

/** The Deactivated sheet's headers, in column order. */
export const DEACTIVATED_HEADERS = ['userName', 'email', 'Reason'] as const;

/** How each class is shown (the SPEC's names). */
export const CLASS_LABELS: Readonly<Record<ResultClass, string>> = {
  new: 'New',
  updated: 'Updated',
  deactivated: 'Deactivated',
  skipped: 'Skipped',
  error: 'Error',
};

/** Rows written between two checks of the output's back-pressure (and progress reports). */
const BATCH_SIZE = 1000;

const HEADER_FONT = { name: 'Calibri', size: 11, bold: true } as const;
const TEXT_STYLE: Partial<ExcelJS.Style> = {
  numFmt: TEXT_NUMBER_FORMAT,
  alignment: { vertical: 'top' },
};
const WRAPPED_TEXT_STYLE: Partial<ExcelJS.Style> = {
  numFmt: TEXT_NUMBER_FORMAT,
  alignment: { vertical: 'top', wrapText: true },
};

type CellValue = ExcelJS.CellRichTextValue | number | null;

/**
 * A text value as an inline string cell (see the top of this file for why rich text), encoded so
 * it reads back exactly; blank text is an empty cell.
 */
function text(value: string | null): ExcelJS.CellRichTextValue | null {
  return value === null || value === '' ? null : { richText: [{ text: encodeCellText(value) }] };
}

function addRow(worksheet: ExcelJS.Worksheet, values: readonly CellValue[]): void {
  worksheet.addRow([...values]).commit();
}

function addHeaderRow(worksheet: ExcelJS.Worksheet, headers: readonly string[]): void {
  const row = worksheet.addRow(headers.map((header) => text(header)));
  row.font = HEADER_FONT;
  row.commit();
}

function writeSummary(workbook: ExcelJS.stream.xlsx.WorkbookWriter, summary: ResultsSummary): void {
  const worksheet = workbook.addWorksheet(RESULTS_SHEETS.summary);
  worksheet.columns = [
    { width: 22, style: { font: HEADER_FONT } },
    { width: 48, style: { alignment: { horizontal: 'left' } } },
  ];
  const lines: readonly (readonly [string, string | number])[] = [
    ['Configuration', summary.configurationName],
    ['Run id', summary.runId],
    ['File', summary.fileName],
    ['Run by', summary.runBy],
    ['Run at', summary.runAt],
    ['Status', summary.status],
    ['New users', summary.counts.new],
    ['Updated users', summary.counts.updated],
    ['Deactivated users', summary.counts.deactivated],
    ['Skipped', summary.counts.skipped],
    ['Errors', summary.counts.error],
    ['E-mails queued', summary.emailsQueued],
  ];
  for (const [label, value] of lines) {
    const row = worksheet.addRow([text(label), typeof value === 'string' ? text(value) : value]);
    if (typeof value === 'string') {
      row.getCell(2).numFmt = TEXT_NUMBER_FORMAT;
    }
    row.commit();
  }
  worksheet.commit();
}

function rowValues(result: ResultRow): CellValue[] {
  return [
    result.row,
    text(result.userName),
    text(result.email),
    text(CLASS_LABELS[result.class]),
    text(result.reason),
    text(formatChanges(result.changes)),
    text(formatErrors(result.errors)),
  ];
}

async function writeSheet<T>(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  stream: Writable,
  sheet: {
    readonly name: string;
    readonly headers: readonly string[];
    readonly columns: readonly Partial<ExcelJS.Column>[];
    readonly items: ItemSource<T>;
    readonly values: (item: T) => CellValue[];
  },
  onBatch: (rowsInSheet: number) => void,
): Promise<void> {
  const worksheet = workbook.addWorksheet(sheet.name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
  });
  worksheet.columns = [...sheet.columns];
  addHeaderRow(worksheet, sheet.headers);
  let written = 0;
  for await (const item of sheet.items) {
    addRow(worksheet, sheet.values(item));
    written += 1;
    if (written % BATCH_SIZE === 0) {
      onBatch(BATCH_SIZE);
      await waitForZip(worksheet, stream);
    }
  }
  onBatch(written % BATCH_SIZE);
  worksheet.autoFilter = `A1:${columnLetters(sheet.headers.length)}${written + 1}`;
  worksheet.commit();
}

async function writeWorkbook(stream: Writable, input: ResultsWorkbookInput): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'usersync';
  writeSummary(workbook, input.summary);

  let written = 0;
  const onBatch = (rows: number): void => {
    written += rows;
    input.onProgress?.(written);
  };

  await writeSheet(
    workbook,
    stream,
    {
      name: RESULTS_SHEETS.rows,
      headers: ROWS_HEADERS,
      columns: [
        { width: 8, style: { alignment: { vertical: 'top' } } },
        { width: 24, style: TEXT_STYLE },
        { width: 32, style: TEXT_STYLE },
        { width: 13, style: TEXT_STYLE },
        { width: 40, style: WRAPPED_TEXT_STYLE },
        { width: 60, style: WRAPPED_TEXT_STYLE },
        { width: 60, style: WRAPPED_TEXT_STYLE },
      ],
      items: input.rows,
      values: rowValues,
    },
    onBatch,
  );
  await writeSheet(
    workbook,
    stream,
    {
      name: RESULTS_SHEETS.deactivated,
      headers: DEACTIVATED_HEADERS,
      columns: [
        { width: 24, style: TEXT_STYLE },
        { width: 32, style: TEXT_STYLE },
        { width: 40, style: WRAPPED_TEXT_STYLE },
      ],
      items: input.deactivated,
      values: (user: DeactivatedUser) => [text(user.userName), text(user.email), text(user.reason)],
    },
    onBatch,
  );
  await workbook.commit();
}

/**
 * Writes the results workbook to a file path (created or replaced) or to a stream (e.g. an HTTP
 * response), which is ended when the workbook is complete. `input.rows` and `input.deactivated`
 * are read once, in that order, and never held: memory stays flat however many rows there are.
 *
 * If writing fails (a source throws, the output breaks), the stream is destroyed so that no
 * truncated file passes for a complete one, a file written to a path is removed, and the error is
 * rethrown.
 */
export async function writeResultsWorkbook(
  output: string | Writable,
  input: ResultsWorkbookInput,
): Promise<void> {
  if (typeof output !== 'string') {
    try {
      await writeWorkbook(output, input);
    } catch (error) {
      output.destroy();
      throw error;
    }
    return;
  }
  const file = await open(output, 'w');
  const stream = file.createWriteStream();
  try {
    await writeWorkbook(stream, input);
  } catch (error) {
    if (!stream.closed) {
      const closed = once(stream, 'close');
      stream.destroy();
      await closed;
    }
    await rm(output, { force: true });
    throw error;
  }
}
