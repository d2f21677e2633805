/**
 * Row validation (SPEC §3 and §4.1): every cell normalised, then the rules that look across rows
 * (duplicate userNames and emails, emails of other users, managers and their cycles). A row
 * collects all of its errors; a row with any error is not imported.
 */
import type { DirectoryUser } from './directory.js';
import { userAt, type DirectoryIndex } from './directory-index.js';
import { KeyMarks } from './key-marks.js';
import { NONE } from './plan-state.js';
import { FIELD_BY_NAME, FIELDS, type FieldName } from './fields.js';
import { cleanText, identityKey } from './normalise.js';
import type { RowError } from './row-error.js';
import type { SourceFile, SourceRow } from './source.js';
import { canonicalCell, quote } from './validate-field.js';
import { validateManagers } from './validate-managers.js';

/**
 * The canonical value of every present column that passed validation; undefined for the others.
 * Every row's object has all the fields, so that all rows share one object shape.
 */
export type RowValues = Record<FieldName, string | undefined>;

/** A file row after validation. */
export interface ValidatedRow {
  readonly source: SourceRow;
  /** The canonical value of every present column that passed validation. */
  readonly values: Readonly<RowValues>;
  /** The identity key of the row's userName ("" when blank). */
  readonly userNameKey: string;
  /** The identity key of the row's email ("" when blank or invalid). */
  readonly emailKey: string;
  /** The directory user under `userNameKey`, or null: looked up once here for every later rule. */
  readonly user: DirectoryUser | null;
  /** That user's position in the directory index, or -1. */
  readonly userPosition: number;
  /**
   * Every error of the row, in column order then cross-row rules. Rows without errors share one
   * frozen empty list; `addError` replaces it.
   */
  errors: readonly RowError[];
}

/** Adds an error to a row (a new list: an error-free row's list is shared). */
export function addError(row: ValidatedRow, error: RowError): void {
  row.errors = [...row.errors, error];
}

const SAMPLE_ROW_MESSAGE = 'template sample row: delete it before uploading';

const USER_NAME_SAMPLE = FIELD_BY_NAME.get('userName')?.sample;

/** The row is the template's sample row, left in the file unchanged. */
function isTemplateSampleRow(source: SourceRow): boolean {
  // userName is the first field compared and must be present: most rows fail here at once.
  const userName = source.values.userName;
  if (userName === undefined || cleanText(userName) !== USER_NAME_SAMPLE) return false;
  let compared = 0;
  for (const spec of FIELDS) {
    const value = source.values[spec.name];
    if (value === undefined) continue;
    if (cleanText(value) !== spec.sample) return false;
    compared += 1;
  }
  return compared > 0 && source.values.userName !== undefined;
}

/** Each field's position in FIELDS, the order in which a row's cells are read. */
const AT = Object.fromEntries(FIELDS.map((spec, position) => [spec.name, position])) as Record<
  FieldName,
  number
>;

/**
 * A row's values from its cells in FIELDS order. Written out as one literal so that every row's
 * object is made in one go with all 24 fields in its shape: adding them one by one through a
 * computed key is slower, and past V8's limit of fast fields turns the object into a several
 * times larger dictionary.
 */
function valuesOf(cells: readonly (string | undefined)[]): RowValues {
  return {
    userName: cells[AT.userName],
    email: cells[AT.email],
    firstName: cells[AT.firstName],
    lastName: cells[AT.lastName],
    middleName: cells[AT.middleName],
    title: cells[AT.title],
    department: cells[AT.department],
    division: cells[AT.division],
    costCenter: cells[AT.costCenter],
    phone: cells[AT.phone],
    location: cells[AT.location],
    address1: cells[AT.address1],
    address2: cells[AT.address2],
    city: cells[AT.city],
    state: cells[AT.state],
    zip: cells[AT.zip],
    country: cells[AT.country],
    locale: cells[AT.locale],
    timezone: cells[AT.timezone],
    languageName: cells[AT.languageName],
    manager: cells[AT.manager],
    active: cells[AT.active],
    cField1: cells[AT.cField1],
    cField2: cells[AT.cField2],
  };
}

/**
 * Validates one row. `cells` is scratch space for its canonical values, one per field, reused
 * from row to row.
 */
function normaliseRow(
  source: SourceRow,
  directory: DirectoryIndex,
  cells: (string | undefined)[],
): ValidatedRow {
  // Most rows have no error: their list is made only when one turns up.
  let errors: RowError[] | null = null;
  if (isTemplateSampleRow(source)) {
    errors = [
      { row: source.row, field: null, code: 'template-sample', message: SAMPLE_ROW_MESSAGE },
    ];
  }
  let problemFields: Set<FieldName> | null = null;
  if (source.problems.length > 0) {
    problemFields = new Set<FieldName>();
    errors ??= [];
    for (const problem of source.problems) {
      problemFields.add(problem.field);
      errors.push({
        row: source.row,
        field: problem.field,
        code: problem.code,
        message: problem.message,
      });
    }
  }
  // Whether every field's canonical value is the cell as read: then the source's own values
  // object serves as the row's values (a file of tidy data makes no second object per row).
  let asRead = true;
  for (let position = 0; position < FIELDS.length; position++) {
    cells[position] = undefined;
    const spec = FIELDS[position];
    if (spec === undefined) continue;
    const raw = source.values[spec.name];
    if (problemFields?.has(spec.name) === true) continue;
    if (raw === undefined) {
      asRead = false;
      if (spec.required) {
        errors ??= [];
        errors.push({
          row: source.row,
          field: spec.name,
          code: 'required',
          message: `${spec.name} is required: add a ${spec.name} column and fill it in`,
        });
      }
      continue;
    }
    const result = canonicalCell(spec.name, cleanText(raw), spec.required);
    if (typeof result === 'string') {
      cells[position] = result;
      if (result !== raw) asRead = false;
    } else {
      errors ??= [];
      errors.push({
        row: source.row,
        field: spec.name,
        code: result.code,
        message: result.message,
      });
    }
  }
  const values =
    asRead && errors === null ? (source.values as Readonly<RowValues>) : valuesOf(cells);
  const userName = values.userName ?? '';
  const email = values.email ?? '';
  const userNameKey = userName === '' ? '' : identityKey(userName);
  const userPosition = directory.byUserName.get(userNameKey);
  return {
    source,
    values,
    userNameKey,
    emailKey: email === '' ? '' : identityKey(email),
    user: userAt(directory, userPosition) ?? null,
    userPosition: userPosition ?? -1,
    errors: errors ?? NONE,
  };
}

function rowList(rows: readonly ValidatedRow[]): string {
  const numbers = rows.map((row) => row.source.row);
  const shown = numbers.slice(0, 5).join(', ');
  return numbers.length > 5 ? `${shown} and ${numbers.length - 5} more` : shown;
}

/** The rows whose `key` is in `repeated`, by key, in file order. */
function gather(
  rows: readonly ValidatedRow[],
  key: 'userNameKey' | 'emailKey',
  repeated: ReadonlySet<string>,
): Map<string, ValidatedRow[]> {
  const groups = new Map<string, ValidatedRow[]>();
  if (repeated.size === 0) return groups;
  for (const row of rows) {
    const value = row[key];
    if (!repeated.has(value)) continue;
    const group = groups.get(value);
    if (group === undefined) groups.set(value, [row]);
    else group.push(row);
  }
  return groups;
}

/**
 * Flags rows that share a userName or an email with another row of the file, then rows whose
 * email belongs to another user of the directory.
 */
function flagDuplicatesAndTakenEmails(
  rows: readonly ValidatedRow[],
  directory: DirectoryIndex,
): void {
  // One pass finds each row's email owner (kept by row position for the last rule) and the
  // repeated keys; only the rare repeated keys' rows are gathered into groups.
  const owners = new Int32Array(rows.length);
  const userNames = new KeyMarks(directory.users.length);
  const emails = new KeyMarks(directory.users.length);
  const repeatedUserNames = new Set<string>();
  const repeatedEmails = new Set<string>();
  rows.forEach((row, index) => {
    if (row.userNameKey !== '' && userNames.mark(row.userNameKey, row.userPosition)) {
      repeatedUserNames.add(row.userNameKey);
    }
    const owner = row.emailKey === '' ? -1 : (directory.byEmail.get(row.emailKey) ?? -1);
    owners[index] = owner;
    if (row.emailKey !== '' && emails.mark(row.emailKey, owner)) repeatedEmails.add(row.emailKey);
  });
  for (const group of gather(rows, 'userNameKey', repeatedUserNames).values()) {
    for (const row of group) {
      addError(row, {
        row: row.source.row,
        field: 'userName',
        code: 'duplicate-username',
        message: `userName ${quote(row.values.userName ?? '')} appears ${group.length} times in this file (rows ${rowList(group)}): keep one row per user`,
      });
    }
  }
  for (const group of gather(rows, 'emailKey', repeatedEmails).values()) {
    for (const row of group) {
      addError(row, {
        row: row.source.row,
        field: 'email',
        code: 'duplicate-email',
        message: `email ${quote(row.values.email ?? '')} appears ${group.length} times in this file (rows ${rowList(group)}): each user needs their own address`,
      });
    }
  }
  rows.forEach((row, index) => {
    const owner = userAt(directory, owners[index]);
    // Usually the address is the row's own user's. The index files each user under its own
    // userName key only, so finding `owner` as the row's user settles it without computing
    // the owner's key again.
    if (owner === undefined || row.user === owner) return;
    if (identityKey(owner.fields.userName) === row.userNameKey) return;
    addError(row, {
      row: row.source.row,
      field: 'email',
      code: 'email-taken',
      message: `email ${quote(row.values.email ?? '')} already belongs to user ${quote(owner.fields.userName)}`,
    });
  });
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
  const cells = new Array<string | undefined>(FIELDS.length).fill(undefined);
  const rows = file.rows.map((source) => normaliseRow(source, directory, cells));
  flagDuplicatesAndTakenEmails(rows, directory);
  validateManagers(rows, directory, willCreate);
  return rows;
}
