import type { FieldName } from './fields.js';
import type { CellProblemCode } from './source.js';

/** Why a row is an Error. Each code has one rule of SPEC §3–§4.1 behind it. */
export type RowErrorCode =
  | CellProblemCode
  | 'required'
  | 'too-long'
  | 'invalid-email'
  | 'invalid-locale'
  | 'invalid-timezone'
  | 'invalid-language'
  | 'invalid-active'
  | 'duplicate-username'
  | 'duplicate-email'
  | 'email-taken'
  | 'manager-not-found'
  | 'manager-self'
  | 'manager-cycle'
  | 'template-sample';

/** One reason a row cannot be imported. A row lists all of its errors. */
export interface RowError {
  /** The spreadsheet's row number (header counted), so the row can be found in the file. */
  readonly row: number;
  /** The column at fault, or null when the row as a whole is (the template's sample row). */
  readonly field: FieldName | null;
  readonly code: RowErrorCode;
  /** What is wrong and how to fix it, naming the value. */
  readonly message: string;
}
