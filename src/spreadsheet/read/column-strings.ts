/** Lookups a column gets before it must show that it repeats. */
const TRIAL = 8192;
/** The share of those lookups that must find their value already there. */
const MIN_HITS = TRIAL / 4;
/** Most distinct values kept per column; past this, new values are made but not kept. */
const MAX_KEPT = 16_384;
/** The length from which V8's `slice` makes a view into its string instead of a copy. */
export const SLICE_VIEW_LENGTH = 13;
/** Slots of a column's table at first; it doubles when half full, up to MAX_KEPT * 2. */
const FIRST_SLOTS = 256;

/** One column's strings by hash (open addressing, linear probing), while the column repeats. */
interface ColumnTable {
  hashes: Int32Array;
  texts: (string | undefined)[];
  mask: number;
  kept: number;
  lookups: number;
  hits: number;
}

/**
 * Makes equal cells of a column one string, as the reader makes them. A directory file repeats
 * most of its columns (departments, titles, cities, locales, managers…), and a preview keeps
 * every row until it is staged: at a million rows the repetitions alone would take hundreds of
 * megabytes. Pooling here, on the cell's bytes, costs one hash over bytes the scanner has just
 * read, and a repeated value makes no string at all; pooling the rows' strings afterwards with a
 * Map cost a third of the whole read (hashing and comparing each new string, then collecting it).
 *
 * A column is pooled on trial: after its first 8192 lookups it stays pooled only if a quarter of
 * them found their value already kept, so unique columns (userName, email) soon cost nothing.
 * Pooling never changes a value, only which equal string a row holds.
 */
export class ColumnStrings {
  /** By column: its table, null once it has shown it does not repeat, undefined before use. */
  private readonly columns: (ColumnTable | null | undefined)[] = [];

  /** Where the last `find` that missed would keep its value (its table null: nowhere). */
  private pendingTable: ColumnTable | null = null;
  private pendingColumn = -1;
  private pendingSlot = -1;
  private pendingHash = 0;

  /**
   * The string kept for the text of `bytes` [start, end) in `column`, or null: then the caller
   * makes the string and passes it to `keep`. For text whose bytes are its characters (the
   * scanner's plain values: ASCII, no entities), so the hash of the bytes is that of the text.
   */
  find(column: number, bytes: Buffer, start: number, end: number): string | null {
    const table = this.tableOf(column);
    this.pendingTable = table;
    if (table === null) return null;
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ (bytes[i] ?? 0), 0x01000193);
    let slot = spread(hash) & table.mask;
    const length = end - start;
    for (;;) {
      const held = table.texts[slot];
      if (held === undefined) break;
      if (table.hashes[slot] === hash && held.length === length && sameBytes(held, bytes, start)) {
        return this.hit(column, table, held);
      }
      slot = (slot + 1) & table.mask;
    }
    this.pendingColumn = column;
    this.pendingSlot = slot;
    this.pendingHash = hash;
    return null;
  }

  /** Keeps `text`, made for the last `find` that returned null; returns it. */
  keep(text: string): string {
    const table = this.pendingTable;
    if (table === null) return text;
    this.pendingTable = null;
    return this.miss(this.pendingColumn, table, this.pendingSlot, this.pendingHash, text);
  }

  /**
   * `text` in `column`, pooled: an equal string kept before, else `text` itself, or a copy of
   * it when it is long enough to be a view into a larger string (V8 makes slices of 13 or more
   * characters views, which would keep a whole decoded chunk alive as long as the pool).
   */
  text(column: number, text: string): string {
    if (text === '') return text;
    const table = this.tableOf(column);
    if (table === null) return text;
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    let slot = spread(hash) & table.mask;
    for (;;) {
      const held = table.texts[slot];
      if (held === undefined) break;
      if (table.hashes[slot] === hash && held === text) return this.hit(column, table, held);
      slot = (slot + 1) & table.mask;
    }
    const own = text.length < SLICE_VIEW_LENGTH ? text : copyOf(text);
    return this.miss(column, table, slot, hash, own);
  }

  private tableOf(column: number): ColumnTable | null {
    const table = this.columns[column];
    if (table !== undefined) return table;
    const made: ColumnTable = {
      hashes: new Int32Array(FIRST_SLOTS),
      texts: new Array<string | undefined>(FIRST_SLOTS).fill(undefined),
      mask: FIRST_SLOTS - 1,
      kept: 0,
      lookups: 0,
      hits: 0,
    };
    this.columns[column] = made;
    return made;
  }

  private hit(column: number, table: ColumnTable, held: string): string {
    table.hits += 1;
    this.counted(column, table);
    return held;
  }

  private miss(column: number, table: ColumnTable, slot: number, hash: number, text: string) {
    if (table.kept < MAX_KEPT) {
      table.texts[slot] = text;
      table.hashes[slot] = hash;
      table.kept += 1;
      if (table.kept * 2 > table.mask) grow(table);
    }
    this.counted(column, table);
    return text;
  }

  /** Ends the trial of a column that does not repeat: its table is dropped. */
  private counted(column: number, table: ColumnTable): void {
    table.lookups += 1;
    if (table.lookups === TRIAL && table.hits < MIN_HITS) this.columns[column] = null;
  }
}

/** `hash` spread over all bits (MurmurHash3's finaliser: FNV's low bits follow the last byte). */
function spread(hash: number): number {
  const h = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  const i = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return i ^ (i >>> 16);
}

/** Doubles a table that is half full, placing each kept string by its stored hash. */
function grow(table: ColumnTable): void {
  const { hashes, texts } = table;
  const size = hashes.length * 2;
  table.hashes = new Int32Array(size);
  table.texts = new Array<string | undefined>(size).fill(undefined);
  table.mask = size - 1;
  for (let from = 0; from < texts.length; from++) {
    const text = texts[from];
    if (text === undefined) continue;
    const hash = hashes[from] ?? 0;
    let slot = spread(hash) & table.mask;
    while (table.texts[slot] !== undefined) slot = (slot + 1) & table.mask;
    table.texts[slot] = text;
    table.hashes[slot] = hash;
  }
}

/** Whether `text` has, character for byte, the bytes at `start` (its length already matched). */
function sameBytes(text: string, bytes: Buffer, start: number): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== bytes[start + i]) return false;
  }
  return true;
}

/** A string with the same text that shares no storage with `text`. */
function copyOf(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
