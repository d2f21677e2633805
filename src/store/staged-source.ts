/**
 * The text a run keeps of its file rows, to re-plan the run from the database: chunks of
 * consecutive rows (`run_sources.rows`), each a JSON array with one element per row,
 * `[rowNumber, problems, userName, email, …, cField2]`: the values in template order and
 * `null` for a field whose column the file lacks ("" is a blank cell). Against keyed objects
 * the array drops the 24 key names (600 → ~330 bytes a row in the 100k bench), and both ends
 * handle a fixed-shape array literal instead of a keyed object.
 *
 * Why chunks (migration 0005): one row of text per file row cost SQLite about as much to
 * insert as the rest of the staged row, and a preview stages every row of the file. A chunk of
 * 64 rows is ~21 KB, one insert (its text in overflow pages, without a B-tree insert per row),
 * and still a young string on the main thread.
 *
 * Runs staged before 0005 keep one text per staged row (`run_rows.source`), the same array
 * without the row number, or earlier `{"values": {…}, "problems": […]}`; both still decode (a
 * run may be applied after an upgrade).
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

/** File rows per staged chunk. */
export const SOURCE_CHUNK_ROWS = 64;

/** One element of a chunk: the row number, then what a per-row source held. */
type ChunkElement = [number, readonly CellProblem[], ...(string | null)[]];

/** The staged text of `sources[from]` up to (not including) `sources[to]`. */
export function encodeSourceChunk(sources: readonly SourceRow[], from: number, to: number): string {
  const elements: ChunkElement[] = [];
  const end = Math.min(to, sources.length);
  for (let index = from; index < end; index++) {
    const source = sources[index];
    if (source === undefined) continue;
    const values = source.values;
    // One literal with constant keys: every load is a monomorphic property read.
    elements.push([
      source.row,
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
    ]);
  }
  return JSON.stringify(elements);
}

/** A staged chunk's text back as the engine's SourceRows, each passed to `add` in order. */
export function decodeSourceChunk(text: string, add: (row: SourceRow) => void): void {
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed)) throw new Error('a staged source chunk is not a JSON array');
  for (const element of parsed as ChunkElement[]) {
    const problems = element[1].length === 0 ? NO_PROBLEMS : element[1];
    add({ row: element[0], values: valuesOf(element, 2), problems });
  }
}

const NO_PROBLEMS: readonly CellProblem[] = Object.freeze([]);

/** A row's text staged before 0005 (`run_rows.source`) back as the engine's SourceRow. */
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
  return { row, values: valuesOf(encoded, 1), problems };
}

/**
 * The values of an encoded row whose first field is at `first`. A file with every template
 * column (the usual case) gets its values in one literal, like the reader builds them: one
 * shape at once instead of 24 keyed stores growing each object.
 */
function valuesOf(encoded: readonly unknown[], first: number): Partial<Record<FieldName, string>> {
  if (encoded.length === ENCODED_FIELDS.length + first && !encoded.includes(null)) {
    const all = encoded as readonly string[];
    const at = (index: number): string => all[first + index] ?? '';
    return {
      userName: at(0),
      email: at(1),
      firstName: at(2),
      lastName: at(3),
      middleName: at(4),
      title: at(5),
      department: at(6),
      division: at(7),
      costCenter: at(8),
      phone: at(9),
      location: at(10),
      address1: at(11),
      address2: at(12),
      city: at(13),
      state: at(14),
      zip: at(15),
      country: at(16),
      locale: at(17),
      timezone: at(18),
      languageName: at(19),
      manager: at(20),
      active: at(21),
      cField1: at(22),
      cField2: at(23),
    };
  }
  const values: Partial<Record<FieldName, string>> = {};
  for (let index = 0; index < ENCODED_FIELDS.length; index++) {
    const field = ENCODED_FIELDS[index];
    const value = encoded[first + index];
    if (field !== undefined && typeof value === 'string') values[field] = value;
  }
  return values;
}
