import type { FieldName } from './fields.js';

/** Why a single cell could not be read as text (the spreadsheet reader reports these). */
export type CellProblemCode =
  /** A formula cell whose file holds no cached value to show. */
  | 'formula-without-value'
  /** An error cell such as #N/A or #DIV/0!. */
  | 'error-cell'
  /** A cell whose content the reader could not decode. */
  | 'unreadable-cell';

/** A problem with one cell of a row, found while reading the file. It makes the row an Error. */
export interface CellProblem {
  /** The column's field. */
  readonly field: FieldName;
  readonly code: CellProblemCode;
  /** What a person should fix, naming the value or the cell. */
  readonly message: string;
}

/**
 * One data row of the uploaded file, mapped from columns to fields. This is the contract between
 * the spreadsheet reader and the engine.
 */
export interface SourceRow {
  /** The spreadsheet's own 1-based row number (the header row counted), for every message. */
  readonly row: number;
  /**
   * The text of each mapped column present in the file (blank cells as ""). Fields whose column
   * is absent are missing from this object.
   */
  readonly values: Readonly<Partial<Record<FieldName, string>>>;
  /** Cells that could not be read; each becomes a row error. */
  readonly problems: readonly CellProblem[];
}

/** The mapped contents of an uploaded file. */
export interface SourceFile {
  /** The fields whose columns the header row names; a field not here is not managed by the run. */
  readonly columns: ReadonlySet<FieldName>;
  /** The non-blank data rows, in file order. */
  readonly rows: readonly SourceRow[];
}
