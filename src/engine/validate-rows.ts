/**
 * Row validation (SPEC §3 and §4.1): every cell normalised, then the rules that look across rows
 * (duplicate userNames and emails, emails of other users, managers and their cycles). A row
 * collects all of its errors; a row with any error is not imported.
 */
import type { DirectoryIndex } from './directory-index.js';
import { FIELDS, type FieldName } from './fields.js';
import { cleanText, identityKey } from './normalise.js';
import type { RowError } from './row-error.js';
import type { SourceFile, SourceRow } from './source.js';
import { normaliseField, quote } from './validate-field.js';
import { validateManagers } from './validate-managers.js';

/** A file row after validation. */
export interface ValidatedRow {
  readonly source: SourceRow;
  /** The canonical value of every present column that passed validation. */
  readonly values: Partial<Record<FieldName, string>>;
  /** The identity key of the row's userName ("" when blank). */
  readonly userNameKey: string;
  /** The identity key of the row's email ("" when blank or invalid). */
  readonly emailKey: string;
  /** Every error of the row, in column order then cross-row rules. */
  readonly errors: RowError[];
}

const SAMPLE_ROW_MESSAGE = 'template sample row: delete it before uploading';

/** The row is the template's sample row, left in the file unchanged. */
function isTemplateSampleRow(source: SourceRow): boolean {
  let compared = 0;
  for (const spec of FIELDS) {
    const value = source.values[spec.name];
    if (value === undefined) continue;
    if (cleanText(value) !== spec.sample) return false;
    compared += 1;
  }
  return compared > 0 && source.values.userName !== undefined;
}

function normaliseRow(source: SourceRow): ValidatedRow {
  const values: Partial<Record<FieldName, string>> = {};
  const errors: RowError[] = [];
  if (isTemplateSampleRow(source)) {
    errors.push({
      row: source.row,
      field: null,
      code: 'template-sample',
      message: SAMPLE_ROW_MESSAGE,
    });
  }
  const problemFields = new Set<FieldName>();
  for (const problem of source.problems) {
    problemFields.add(problem.field);
    errors.push({
      row: source.row,
      field: problem.field,
      code: problem.code,
      message: problem.message,
    });
  }
  for (const spec of FIELDS) {
    const raw = source.values[spec.name];
    if (problemFields.has(spec.name)) continue;
    if (raw === undefined) {
      if (spec.required) {
        errors.push({
          row: source.row,
          field: spec.name,
          code: 'required',
          message: `${spec.name} is required: add a ${spec.name} column and fill it in`,
        });
      }
      continue;
    }
    const result = normaliseField(spec.name, raw);
    if (result.ok) values[spec.name] = result.value;
    else
      errors.push({
        row: source.row,
        field: spec.name,
        code: result.code,
        message: result.message,
      });
  }
  const userName = values.userName ?? '';
  const email = values.email ?? '';
  return {
    source,
    values,
    userNameKey: userName === '' ? '' : identityKey(userName),
    emailKey: email === '' ? '' : identityKey(email),
    errors,
  };
}

function rowList(rows: readonly ValidatedRow[]): string {
  const numbers = rows.map((row) => row.source.row);
  const shown = numbers.slice(0, 5).join(', ');
  return numbers.length > 5 ? `${shown} and ${numbers.length - 5} more` : shown;
}

function groupBy(rows: readonly ValidatedRow[], key: (row: ValidatedRow) => string) {
  const groups = new Map<string, ValidatedRow[]>();
  for (const row of rows) {
    const value = key(row);
    if (value === '') continue;
    const group = groups.get(value);
    if (group === undefined) groups.set(value, [row]);
    else group.push(row);
  }
  return groups;
}

function flagDuplicates(rows: readonly ValidatedRow[]): void {
  for (const group of groupBy(rows, (row) => row.userNameKey).values()) {
    if (group.length < 2) continue;
    for (const row of group) {
      row.errors.push({
        row: row.source.row,
        field: 'userName',
        code: 'duplicate-username',
        message: `userName ${quote(row.values.userName ?? '')} appears ${group.length} times in this file (rows ${rowList(group)}): keep one row per user`,
      });
    }
  }
  for (const group of groupBy(rows, (row) => row.emailKey).values()) {
    if (group.length < 2) continue;
    for (const row of group) {
      row.errors.push({
        row: row.source.row,
        field: 'email',
        code: 'duplicate-email',
        message: `email ${quote(row.values.email ?? '')} appears ${group.length} times in this file (rows ${rowList(group)}): each user needs their own address`,
      });
    }
  }
}

function flagEmailsOfOtherUsers(rows: readonly ValidatedRow[], directory: DirectoryIndex): void {
  for (const row of rows) {
    if (row.emailKey === '') continue;
    const owner = directory.byEmail.get(row.emailKey);
    if (owner === undefined || identityKey(owner.fields.userName) === row.userNameKey) continue;
    row.errors.push({
      row: row.source.row,
      field: 'email',
      code: 'email-taken',
      message: `email ${quote(row.values.email ?? '')} already belongs to user ${quote(owner.fields.userName)}`,
    });
  }
}

/**
 * Validates every row of `file` against the directory. `willCreate` says whether a row, if it
 * stays valid, creates its user (so that it can be another row's manager).
 */
export function validateRows(
  file: SourceFile,
  directory: DirectoryIndex,
  willCreate: (row: ValidatedRow) => boolean,
): ValidatedRow[] {
  const rows = file.rows.map(normaliseRow);
  flagDuplicates(rows);
  flagEmailsOfOtherUsers(rows, directory);
  validateManagers(rows, directory, willCreate);
  return rows;
}
