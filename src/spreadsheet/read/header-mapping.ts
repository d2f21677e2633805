import {
  FIELD_NAMES,
  fieldForHeader,
  REQUIRED_FIELDS,
  type FieldName,
} from '../../engine/fields.js';
import type { CellProblem, SourceRow } from '../../engine/source.js';
import { refuse } from './refusal.js';
import type { RawRow } from './table-source.js';

/** One non-blank cell of the header row. */
export interface SourceColumn {
  /** The header as written in the file (trimmed). */
  readonly header: string;
  /** The template field it names, or null for a column the import ignores. */
  readonly field: FieldName | null;
}

/** How the header row maps the file's columns to fields. */
export interface HeaderMapping {
  /** The header row's own 1-based number. */
  readonly headerRow: number;
  /** Every non-blank header cell, left to right. */
  readonly columns: readonly SourceColumn[];
  /** The fields the file has columns for; the others are not managed by the run. */
  readonly fields: ReadonlySet<FieldName>;
  /** Headers that name no template column, left to right (the preview lists them). */
  readonly ignoredColumns: readonly string[];
  /** The mapped columns: 0-based column index and field, in column order. */
  readonly mapped: readonly { readonly column: number; readonly field: FieldName }[];
  /**
   * When every template field is mapped, in template order (the template's own layout): the
   * column of each field by its index in FIELD_NAMES, for toSourceRow's fast path. Else null.
   */
  readonly templateColumns: Int32Array | null;
}

/**
 * Reads the header row per SPEC §3: headers match template columns case-insensitively after
 * trimming; unknown headers are ignored and listed; a required column missing, or a template
 * column named twice, refuses the file. (Unknown headers may repeat: they are ignored anyway.)
 */
export function mapHeader(header: RawRow, fileName: string): HeaderMapping {
  const columns: SourceColumn[] = [];
  const ignoredColumns: string[] = [];
  const mapped: { column: number; field: FieldName }[] = [];
  const fields = new Set<FieldName>();
  const duplicates = new Set<FieldName>();
  header.cells.forEach((cell, column) => {
    const text = cell?.trim() ?? '';
    if (text === '') {
      return;
    }
    const field = fieldForHeader(text);
    columns.push({ header: text, field });
    if (field === null) {
      ignoredColumns.push(text);
    } else if (fields.has(field)) {
      duplicates.add(field);
    } else {
      fields.add(field);
      mapped.push({ column, field });
    }
  });
  const missing = REQUIRED_FIELDS.filter((field) => !fields.has(field));
  if (missing.length > 0) {
    throw refuse('missing-columns', fileName, listNames(missing));
  }
  if (duplicates.size > 0) {
    const inOrder = FIELD_NAMES.filter((field) => duplicates.has(field));
    throw refuse('duplicate-column', fileName, listNames(inOrder));
  }
  const inTemplateOrder =
    mapped.length === FIELD_NAMES.length &&
    mapped.every((entry, index) => entry.field === FIELD_NAMES[index]);
  const templateColumns = inTemplateOrder ? Int32Array.from(mapped, (entry) => entry.column) : null;
  return { headerRow: header.row, columns, fields, ignoredColumns, mapped, templateColumns };
}

/** The row's values for the mapped fields (blank cells as "") and its mapped cells' problems. */
export function toSourceRow(raw: RawRow, mapping: HeaderMapping): SourceRow {
  // Built by assignment in the same order for every row, so all rows share one hidden class
  // (cloning a template with spread is ten times slower: the clone goes to dictionary mode).
  const cells = raw.cells;
  const template = mapping.templateColumns;
  let values: Partial<Record<FieldName, string>>;
  if (template === null) {
    values = {};
    for (const { column, field } of mapping.mapped) {
      values[field] = cells[column] ?? '';
    }
  } else {
    values = templateValues(cells, template);
  }
  if (raw.issues === null) {
    return { row: raw.row, values, problems: NO_PROBLEMS };
  }
  const problems: CellProblem[] = [];
  for (const issue of raw.issues) {
    const field = mapping.mapped.find((entry) => entry.column === issue.column)?.field;
    if (field !== undefined) {
      problems.push({ field, code: issue.code, message: issue.message });
    }
  }
  return { row: raw.row, values, problems };
}

/**
 * The values of a file laid out as the template, in one object literal: same keys in the same
 * order as the loop above, but a literal gets its final shape at once, where 24 keyed stores
 * (megamorphic: one site, 24 names) grow the object step by step — a third of the CSV read.
 * `cellAt` is a module function rather than a closure made for every row.
 */
function templateValues(
  cells: readonly (string | undefined)[],
  at: Int32Array,
): Record<FieldName, string> {
  return {
    userName: cellAt(cells, at, 0),
    email: cellAt(cells, at, 1),
    firstName: cellAt(cells, at, 2),
    lastName: cellAt(cells, at, 3),
    middleName: cellAt(cells, at, 4),
    title: cellAt(cells, at, 5),
    department: cellAt(cells, at, 6),
    division: cellAt(cells, at, 7),
    costCenter: cellAt(cells, at, 8),
    phone: cellAt(cells, at, 9),
    location: cellAt(cells, at, 10),
    address1: cellAt(cells, at, 11),
    address2: cellAt(cells, at, 12),
    city: cellAt(cells, at, 13),
    state: cellAt(cells, at, 14),
    zip: cellAt(cells, at, 15),
    country: cellAt(cells, at, 16),
    locale: cellAt(cells, at, 17),
    timezone: cellAt(cells, at, 18),
    languageName: cellAt(cells, at, 19),
    manager: cellAt(cells, at, 20),
    active: cellAt(cells, at, 21),
    cField1: cellAt(cells, at, 22),
    cField2: cellAt(cells, at, 23),
  };
}

function cellAt(cells: readonly (string | undefined)[], at: Int32Array, index: number): string {
  return cells[at[index] ?? -1] ?? '';
}

const NO_PROBLEMS: readonly CellProblem[] = Object.freeze([]);

function listNames(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}
