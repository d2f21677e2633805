/**
 * The text a staged row keeps of its file row (`run_rows.source`), to re-plan the run from the
 * database: a JSON array `[problems, userName, email, …, cField2]`, the values in template
 * order and `null` for a field whose column the file lacks ("" is a blank cell). Against the
 * former `{"values": {…}, "problems": […]}` it drops the 24 key names (600 → ~330 bytes a row
 * in the 100k bench), and both ends handle a fixed-shape array literal instead of a keyed object.
 * Runs staged in the former shape still decode (they may be applied after an upgrade).
 */
import type { FieldName } from '../engine/fields.js';
import type { CellProblem, SourceRow } from '../engine/source.js';

/** One staged source: the row's problems, then each field's value or null. */
type Encoded = [readonly CellProblem[], ...(string | null)[]];

/**
 * The fields in the order they are encoded. Staged rows outlive releases, so this order is
 * frozen: a new field goes at the end (older rows, one element shorter, then read it as absent).
 */
export const ENCODED_FIELDS: readonly FieldName[] = [
  'userName',
  'email',
  'firstName',
  'lastName',
  'middleName',
  'title',
  'department',
  'division',
  'costCenter',
  'phone',
  'location',
  'address1',
  'address2',
  'city',
  'state',
  'zip',
  'country',
  'locale',
  'timezone',
  'languageName',
  'manager',
  'active',
  'cField1',
  'cField2',
];

/** A file row as the text staged for it. */
export function encodeSource(source: SourceRow): string {
  const values = source.values;
  // One literal with constant keys: every load is a monomorphic property read.
  const encoded: Encoded = [
    source.problems,
    values.userName ?? null,
    values.email ?? null,
    values.firstName ?? null,
    values.lastName ?? null,
    values.middleName ?? null,
    values.title ?? null,
    values.department ?? null,
    values.division ?? null,
    values.costCenter ?? null,
    values.phone ?? null,
    values.location ?? null,
    values.address1 ?? null,
    values.address2 ?? null,
    values.city ?? null,
    values.state ?? null,
    values.zip ?? null,
    values.country ?? null,
    values.locale ?? null,
    values.timezone ?? null,
    values.languageName ?? null,
    values.manager ?? null,
    values.active ?? null,
    values.cField1 ?? null,
    values.cField2 ?? null,
  ];
  return JSON.stringify(encoded);
}

const NO_PROBLEMS: readonly CellProblem[] = Object.freeze([]);

/** The staged text of file row `row` back as the engine's SourceRow. */
export function decodeSource(row: number, text: string): SourceRow {
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed)) {
    // Staged before the array encoding.
    const former = parsed as {
      values: Partial<Record<FieldName, string>>;
      problems: CellProblem[];
    };
    return { row, values: former.values, problems: former.problems };
  }
  const encoded = parsed as Encoded;
  const problems = encoded[0].length === 0 ? NO_PROBLEMS : encoded[0];
  return { row, values: valuesOf(encoded), problems };
}

/**
 * A file with every template column (the usual case) gets its values in one literal, like the
 * reader builds them: one shape at once instead of 24 keyed stores growing each object.
 */
function valuesOf(encoded: Encoded): Partial<Record<FieldName, string>> {
  if (encoded.length === ENCODED_FIELDS.length + 1 && !encoded.includes(null)) {
    const all = encoded as unknown as readonly string[];
    const at = (index: number): string => all[index] ?? '';
    return {
      userName: at(1),
      email: at(2),
      firstName: at(3),
      lastName: at(4),
      middleName: at(5),
      title: at(6),
      department: at(7),
      division: at(8),
      costCenter: at(9),
      phone: at(10),
      location: at(11),
      address1: at(12),
      address2: at(13),
      city: at(14),
      state: at(15),
      zip: at(16),
      country: at(17),
      locale: at(18),
      timezone: at(19),
      languageName: at(20),
      manager: at(21),
      active: at(22),
      cField1: at(23),
      cField2: at(24),
    };
  }
  const values: Partial<Record<FieldName, string>> = {};
  for (let index = 0; index < ENCODED_FIELDS.length; index++) {
    const field = ENCODED_FIELDS[index];
    const value = encoded[index + 1];
    if (field !== undefined && typeof value === 'string') values[field] = value;
  }
  return values;
}
