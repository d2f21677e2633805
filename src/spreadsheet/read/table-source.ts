import type { CellProblemCode } from '../../engine/source.js';

/** A cell that could not be read as text, before columns are mapped to fields. */
export interface CellIssue {
  /** 0-based column index. */
  readonly column: number;
  readonly code: CellProblemCode;
  /** What a person should fix, naming the cell (e.g. "cell D7 shows the error #N/A …"). */
  readonly message: string;
}

/**
 * One non-blank row of a sheet or CSV file, as text by 0-based column index (missing and blank
 * cells are undefined or ""). Compact on purpose: a million of them pass through the reader.
 */
export interface RawRow {
  /** The spreadsheet's own 1-based row number. */
  readonly row: number;
  readonly cells: readonly (string | undefined)[];
  /** The row's unreadable cells, or null (the usual case). */
  readonly issues: readonly CellIssue[] | null;
}

/** A sheet or CSV file opened for reading: its non-blank rows, in batches, read once. */
export interface TableSource {
  readonly format: 'xlsx' | 'csv';
  /** The worksheet's name; null for CSV. */
  readonly sheet: string | null;
  /** The non-blank rows, in file order, a batch per chunk of the file. */
  readonly batches: AsyncIterator<RawRow[], undefined>;
  /** Releases the file. Safe to call more than once. */
  close(): Promise<void>;
}

/** "A", "Z", "AA" … for a 0-based column index. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}
