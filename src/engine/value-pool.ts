import { FIELD_NAMES, type FieldName } from './fields.js';

/** Lookups a column gets before it must show that it repeats. */
const TRIAL = 8192;
/** The share of those lookups that must find a value already pooled. */
const MIN_HIT_RATE = 0.25;
/** Most distinct values pooled per column: past this, new values are not added. */
const MAX_POOLED = 16_384;

/** A string with the same text that shares no storage with `value`. */
function copyOf(value: string): string {
  return JSON.parse(JSON.stringify(value)) as string;
}

interface ColumnPool {
  readonly values: Map<string, string>;
  lookups: number;
  hits: number;
  /** False once the column has shown that its values do not repeat (an email column, say). */
  pooling: boolean;
}

/**
 * Makes equal cell values of a column one string. A directory file repeats most of its columns
 * (departments, titles, cities, locales, time zones, managers…), and a reader makes a new string
 * for every cell: at a million rows the repetitions alone take hundreds of megabytes, all of them
 * kept while the run is planned. With a pool, each repetition dies young (cheap to collect) and
 * rows share the first one.
 *
 * A column is pooled on trial: after its first lookups it stays pooled only if enough of them
 * found their value already there, so unique columns (userName, email, phone) soon cost nothing.
 * Pooling never changes a value, only which equal string a row holds.
 */
export class ValuePool {
  private readonly columns: readonly ColumnPool[] = FIELD_NAMES.map(() => ({
    values: new Map<string, string>(),
    lookups: 0,
    hits: 0,
    pooling: true,
  }));

  /** The fields still pooled (a column that showed it does not repeat is dropped). */
  pooledFields(): FieldName[] {
    return FIELD_NAMES.filter((_, position) => this.columns[position]?.pooling === true);
  }

  /**
   * Pools the fields of one record in place (a file row's values, a stored user's fields): the
   * caller's own objects, not yet shared with anyone else.
   */
  poolFields(values: Partial<Record<FieldName, string>>): void {
    for (let position = 0; position < FIELD_NAMES.length; position++) {
      const field = FIELD_NAMES[position];
      if (field === undefined || this.columns[position]?.pooling !== true) continue;
      const value = values[field];
      if (value === undefined) continue;
      // Always stored: equal strings compare equal, so `!==` cannot tell the pooled one apart.
      values[field] = this.value(position, value);
    }
  }

  /**
   * The pooled string for `value` of the field at `position` in FIELD_NAMES, for a caller that
   * builds its record's values one by one (a stored user's fields, in one literal).
   */
  value(position: number, value: string): string {
    const column = this.columns[position];
    if (column === undefined || !column.pooling || value === '') return value;
    return this.pooled(column, value);
  }

  private pooled(column: ColumnPool, value: string): string {
    column.lookups += 1;
    const found = column.values.get(value);
    if (found !== undefined) column.hits += 1;
    if (column.lookups === TRIAL && column.hits < TRIAL * MIN_HIT_RATE) {
      column.pooling = false;
      column.values.clear();
      return value;
    }
    if (found !== undefined) return found;
    if (column.values.size >= MAX_POOLED) return value;
    // The pool keeps its own copy: a reader's string may be a slice of a large decoded chunk,
    // which would keep that whole chunk alive as long as the pool does.
    const own = copyOf(value);
    column.values.set(own, own);
    return own;
  }
}
