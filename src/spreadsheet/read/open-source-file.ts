import { basename } from 'node:path';
import type { FieldName } from '../../engine/fields.js';
import type { SourceFile, SourceRow } from '../../engine/source.js';
import { ColumnStrings } from './column-strings.js';
import { openCsvTable } from './csv-table.js';
import { detectFormat } from './detect-format.js';
import { mapHeader, toSourceRow, type HeaderMapping, type SourceColumn } from './header-mapping.js';
import { resolveReadLimits, type ReadLimits } from './read-limits.js';
import { refuse } from './refusal.js';
import type { RawRow, TableSource } from './table-source.js';
import { openXlsxTable } from './xlsx-table.js';

/** How to open an uploaded file. */
export interface OpenSourceOptions {
  /** The name the person gave the file (messages use it); defaults to the path's base name. */
  readonly fileName?: string;
  /** Overrides of the default limits of SPEC §3. */
  readonly limits?: Partial<ReadLimits>;
  /**
   * Equal cells of a column become one string (ColumnStrings), for a caller that keeps every
   * row, as a preview does: about a third of the memory of a million kept rows, for about a
   * quarter more time reading. Off by default: a caller that streams the rows would pay for
   * nothing.
   */
  readonly poolValues?: boolean;
}

/** What the header row says about an opened file. */
export interface SourceFileInfo {
  /** The format found in the content (not taken from the name). */
  readonly format: 'xlsx' | 'csv';
  /** The file's name as used in messages. */
  readonly fileName: string;
  /** The worksheet read (the first visible one); null for CSV. */
  readonly sheet: string | null;
  /** The header row's own 1-based number (the first non-blank row). */
  readonly headerRow: number;
  /** Every non-blank header, left to right, with the field it maps to. */
  readonly columns: readonly SourceColumn[];
  /** The fields the file has columns for. */
  readonly fields: ReadonlySet<FieldName>;
  /** Headers that name no template column (ignored, listed in the preview). */
  readonly ignoredColumns: readonly string[];
}

/**
 * An uploaded file whose header row has been read and accepted. Its rows stream once, in file
 * order; reading them may still refuse the file (a damaged part late in the zip, too many rows),
 * so a caller must not act on rows before the whole file has been read.
 */
export interface OpenedFile extends SourceFileInfo {
  /** The non-blank data rows, one at a time. Can be iterated once. */
  rows(): AsyncIterable<SourceRow>;
  /** The same rows in batches (one per chunk of the file), the faster way through a big file. */
  rowBatches(): AsyncIterable<readonly SourceRow[]>;
  /** Releases the file; needed only when the rows are not read to the end. */
  close(): Promise<void>;
}

/**
 * Opens an uploaded .xlsx or .csv file (format told by its content) and reads its header row.
 * Throws FileRefusedError when the file cannot be imported as a whole (SPEC §3); any other error
 * is a bug or an I/O failure.
 */
export async function openSourceFile(
  path: string,
  options: OpenSourceOptions = {},
): Promise<OpenedFile> {
  const limits = resolveReadLimits(options.limits);
  const fileName = options.fileName ?? basename(path);
  const detected = await detectFormat(path, fileName, limits);
  const strings = options.poolValues === true ? new ColumnStrings() : null;
  const table =
    detected.format === 'xlsx'
      ? await openXlsxTable(path, fileName, limits, strings)
      : openCsvTable(path, fileName, detected.head, strings);
  try {
    let first: RawRow[] = [];
    while (first.length === 0) {
      const next = await table.batches.next();
      if (next.done === true) {
        const where = table.sheet === null ? 'the file' : `the sheet "${table.sheet}"`;
        throw refuse('no-header', fileName, where);
      }
      first = next.value;
    }
    const [header, ...rest] = first;
    if (header === undefined) {
      throw refuse('no-header', fileName, 'the file');
    }
    const mapping = mapHeader(header, fileName);
    return openedFile(table, mapping, rest, fileName, limits);
  } catch (error) {
    await table.close();
    throw error;
  }
}

function openedFile(
  table: TableSource,
  mapping: HeaderMapping,
  firstRows: RawRow[],
  fileName: string,
  limits: ReadLimits,
): OpenedFile {
  let started = false;
  async function* rowBatches(): AsyncGenerator<readonly SourceRow[], void, undefined> {
    if (started) {
      throw new Error(`the rows of "${fileName}" can be read only once`);
    }
    started = true;
    let count = 0;
    const mapBatch = (raw: readonly RawRow[]): SourceRow[] => {
      count += raw.length;
      if (count > limits.maxRows) {
        throw refuse(
          'too-many-rows',
          fileName,
          `more than ${limits.maxRows.toLocaleString('en-US')} rows`,
        );
      }
      return raw.map((row) => toSourceRow(row, mapping));
    };
    try {
      if (firstRows.length > 0) {
        yield mapBatch(firstRows);
      }
      for (;;) {
        const next = await table.batches.next();
        if (next.done === true) {
          return;
        }
        yield mapBatch(next.value);
      }
    } finally {
      await table.close();
    }
  }
  return {
    format: table.format,
    fileName,
    sheet: table.sheet,
    headerRow: mapping.headerRow,
    columns: mapping.columns,
    fields: mapping.fields,
    ignoredColumns: mapping.ignoredColumns,
    rowBatches,
    rows: async function* rows() {
      for await (const batch of rowBatches()) {
        yield* batch;
      }
    },
    close: () => table.close(),
  };
}

/** A whole file read into memory: its mapped rows and what its header row says. */
export interface ReadSourceFile extends SourceFile {
  readonly info: SourceFileInfo;
}

/** Reads a whole file (SourceFile for the engine), for callers that want every row at once. */
export async function readSourceFile(
  path: string,
  options: OpenSourceOptions = {},
): Promise<ReadSourceFile> {
  const opened = await openSourceFile(path, options);
  const rows: SourceRow[] = [];
  for await (const batch of opened.rowBatches()) {
    for (const row of batch) {
      rows.push(row);
    }
  }
  const { format, fileName, sheet, headerRow, columns, fields, ignoredColumns } = opened;
  return {
    columns: fields,
    rows,
    info: { format, fileName, sheet, headerRow, columns, fields, ignoredColumns },
  };
}
