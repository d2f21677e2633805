import type { CellParts } from './cell-text.js';
import { isXmlSpace } from './xml-text.js';

/*
 * Reading rows' and cells' start tags. The fast paths here read the bytes of the part, not its
 * Latin-1 text: a typed-array load costs a fraction of a `charCodeAt` (which checks the string's
 * representation on every call), and a sheet of shared strings then never needs its text at all.
 * Offsets are the same in both (one Latin-1 character per byte), so the general, text-based path
 * takes over from the same `<` whenever a fast path meets something it does not expect.
 */

/*
 * The r, t and s attributes of the last tag read by readAttributes, readPlainRow or
 * readPlainCell, as value ranges (start === end when absent). Module state rather than a
 * returned object: this runs for every cell of the sheet.
 */
export let attrRStart = 0;
export let attrREnd = 0;
let attrTStart = 0;
let attrTEnd = 0;
let attrSStart = 0;
let attrSEnd = 0;

/**
 * Whether the value last found by valueEnd (for readPlainCell: in `<v>` or its single `<t>`) is
 * already its text: no entity, carriage return, `_x` escape or non-ASCII byte in it, nor
 * whitespace at its ends. False after the general path has read a cell.
 */
export let isPlainValue = false;

/** Reads the attributes of the tag text [start, end) in one pass, noting r, t and s. */
export function readAttributes(text: string, start: number, end: number): void {
  attrRStart = attrREnd = attrTStart = attrTEnd = attrSStart = attrSEnd = 0;
  let i = start;
  while (i < end) {
    const eq = text.indexOf('=', i);
    if (eq < 0 || eq >= end) {
      return;
    }
    let nameEnd = eq;
    while (nameEnd > i && isXmlSpace(text.charCodeAt(nameEnd - 1))) {
      nameEnd--;
    }
    const name = text.charCodeAt(nameEnd - 1);
    const isSingleLetter = nameEnd - 2 >= i && isXmlSpace(text.charCodeAt(nameEnd - 2));
    let quote = eq + 1;
    while (quote < end && isXmlSpace(text.charCodeAt(quote))) {
      quote++;
    }
    const quoteCode = text.charCodeAt(quote);
    if (quoteCode !== 0x22 && quoteCode !== 0x27) {
      return;
    }
    const close = text.indexOf(quoteCode === 0x22 ? '"' : "'", quote + 1);
    if (close < 0 || close >= end) {
      return;
    }
    if (isSingleLetter) {
      noteAttribute(name, quote + 1, close);
    }
    i = close + 1;
  }
}

function noteAttribute(name: number, start: number, end: number): boolean {
  if (name === 0x72) {
    attrRStart = start;
    attrREnd = end;
  } else if (name === 0x74) {
    attrTStart = start;
    attrTEnd = end;
  } else if (name === 0x73) {
    attrSStart = start;
    attrSEnd = end;
  } else {
    return false;
  }
  return true;
}

/** The row number given by the `r` attribute last read, or NaN when there is none. */
export function rowNumber(bytes: Buffer): number {
  return attrREnd > attrRStart ? digitsValue(bytes, attrRStart, attrREnd) : Number.NaN;
}

/** The 0-based column given by the `r` attribute last read, or -1 when there is none. */
export function cellColumn(bytes: Buffer): number {
  return attrREnd > attrRStart ? columnOfReference(bytes, attrRStart, attrREnd) : -1;
}

/** Sets the cell's type and style from the attributes last read, and clears its content. */
export function startCell(bytes: Buffer, parts: CellParts): void {
  parts.type = attrTEnd > attrTStart ? cellType(bytes, attrTStart, attrTEnd) : null;
  parts.style = attrSEnd > attrSStart ? digitsValue(bytes, attrSStart, attrSEnd) : 0;
  parts.valueStart = -1;
  parts.valueEnd = -1;
  parts.inlineStart = -1;
  parts.inlineEnd = -1;
  parts.hasFormula = false;
  isPlainValue = false;
}

/**
 * The fast path for a row's start tag as producers write it, `<row r="7" spans="1:24" …>`:
 * attributes after one space each, in double quotes. Notes `r` and returns the index after the
 * tag, or -1 for any other shape (and for a self-closing row), which the general path reads.
 */
export function readPlainRow(bytes: Buffer, open: number): number {
  attrRStart = attrREnd = 0;
  const length = bytes.length;
  let i = open + 4;
  for (;;) {
    const code = bytes[i];
    if (code === 0x3e) {
      return i + 1;
    }
    if (code !== 0x20) {
      return -1;
    }
    const nameStart = i + 1;
    i = nameStart;
    while (i < length && bytes[i] !== 0x3d) {
      const byte = bytes[i];
      if (byte === 0x20 || byte === 0x3e || byte === 0x22 || byte === 0x27) {
        return -1;
      }
      i++;
    }
    if (bytes[i + 1] !== 0x22) {
      return -1;
    }
    const valueStart = i + 2;
    i = valueStart;
    while (i < length && bytes[i] !== 0x22) {
      i++;
    }
    if (i === length) {
      return -1;
    }
    if (valueStart - nameStart === 3 && bytes[nameStart] === 0x72) {
      attrRStart = valueStart;
      attrREnd = i;
    }
    i += 1;
  }
}

/**
 * The fast path for the cell shape nearly every producer writes — `<c r="B2" s="1" t="s">` then
 * `<v>7</v></c>`, `<is><t>x</t></is></c>`, `</c>`, or a self-closing `<c …/>` — with r, s and t
 * as the only attributes, each after one space, in double quotes. Reads the cell at `open` (its
 * `<`) into `parts` and the attribute ranges, and returns the index after it; returns -1 for any
 * other shape (a namespace prefix, other attributes, single quotes, whitespace or comments
 * between tags, a formula, CDATA …), which the general path then reads from the same `<`.
 */
export function readPlainCell(bytes: Buffer, open: number, parts: CellParts): number {
  attrRStart = attrREnd = attrTStart = attrTEnd = attrSStart = attrSEnd = 0;
  const length = bytes.length;
  let i = open + 2;
  let isEmpty = false;
  for (;;) {
    const code = bytes[i];
    if (code === 0x3e) {
      i += 1;
      break;
    }
    if (code === 0x2f && bytes[i + 1] === 0x3e) {
      i += 2;
      isEmpty = true;
      break;
    }
    if (code !== 0x20 || bytes[i + 2] !== 0x3d || bytes[i + 3] !== 0x22) {
      return -1;
    }
    const valueStart = i + 4;
    let valueEnd = valueStart;
    while (valueEnd < length && bytes[valueEnd] !== 0x22) {
      valueEnd++;
    }
    if (valueEnd === length || !noteAttribute(bytes[i + 1] ?? 0, valueStart, valueEnd)) {
      return -1;
    }
    i = valueEnd + 1;
  }
  startCell(bytes, parts);
  if (isEmpty) {
    return i;
  }
  if (bytes[i] !== 0x3c) {
    return -1;
  }
  const next = bytes[i + 1];
  if (next === 0x76 && bytes[i + 2] === 0x3e) {
    // <v>…</v></c>
    const start = i + 3;
    const end = valueEnd(bytes, start);
    if (
      end + 8 > length ||
      view(bytes).getUint32(end, true) !== END_V ||
      view(bytes).getUint32(end + 4, true) !== END_C_WORD
    ) {
      return -1;
    }
    parts.valueStart = start;
    parts.valueEnd = end;
    return end + END_V_C.length;
  }
  if (next === 0x2f) {
    return hasMarkup(bytes, i, END_C) ? i + END_C.length : -1;
  }
  if (next === 0x69 && hasMarkup(bytes, i, START_IS_T)) {
    // <is><t>…</t></is></c>
    const start = i + START_IS_T.length;
    const end = valueEnd(bytes, start);
    if (!hasMarkup(bytes, end, END_T_IS_C)) {
      return -1;
    }
    parts.inlineStart = i + 4;
    parts.inlineEnd = end + 4;
    return end + END_T_IS_C.length;
  }
  return -1;
}

const END_V_C = Buffer.from('</v></c>', 'latin1');
/** `</v>` and `</c>` as little-endian words: each compared in one read instead of four. */
const END_V = END_V_C.readUInt32LE(0);
const END_C_WORD = END_V_C.readUInt32LE(4);

/*
 * A DataView of the chunk being read, made once per chunk. Reading the end of every `<v>` cell
 * as two words took ~10–20% off the shared-strings sheet's scan. (Reading the attributes' ` x="`
 * as words too made the scan 2–4× slower, with getUint32 and getInt32 alike.)
 */
let viewed: Buffer = Buffer.alloc(0);
let viewOf = new DataView(viewed.buffer, viewed.byteOffset, viewed.length);

function view(bytes: Buffer): DataView {
  if (bytes !== viewed) {
    viewed = bytes;
    viewOf = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  }
  return viewOf;
}
const END_C = Buffer.from('</c>', 'latin1');
const START_IS_T = Buffer.from('<is><t>', 'latin1');
const END_T_IS_C = Buffer.from('</t></is></c>', 'latin1');
/** `</row>`, which ends a row's cells. */
export const END_ROW = Buffer.from('</row>', 'latin1');

/** Whether `bytes` hold `markup` at `at`. */
export function hasMarkup(bytes: Buffer, at: number, markup: Buffer): boolean {
  if (at + markup.length > bytes.length) {
    return false;
  }
  for (let k = 0; k < markup.length; k++) {
    if (bytes[at + k] !== markup[k]) {
      return false;
    }
  }
  return true;
}

/** How valueEnd treats each byte: 0 text, 1 the end (`<`), 2 text to decode, 3 `_`. */
const BYTE_KINDS = new Uint8Array(256);
BYTE_KINDS[0x3c] = 1;
BYTE_KINDS[0x26] = 2;
BYTE_KINDS[0x0d] = 2;
BYTE_KINDS.fill(2, 0x7f);
BYTE_KINDS[0x5f] = 3;

/**
 * Where the character data starting at `start` ends (its next `<`, or the end of the bytes), and
 * whether it is plain text (isPlainValue) — one pass, as most values need no other work.
 */
export function valueEnd(bytes: Buffer, start: number): number {
  const length = bytes.length;
  let isPlain = true;
  let end = start;
  for (; end < length; end++) {
    const kind = BYTE_KINDS[bytes[end] ?? 0];
    if (kind === 0) {
      continue;
    }
    if (kind === 1) {
      break;
    }
    if (kind === 2 || bytes[end + 1] === 0x78) {
      isPlain = false;
    }
  }
  isPlainValue =
    isPlain && (end === start || ((bytes[start] ?? 0) > 0x20 && (bytes[end - 1] ?? 0) > 0x20));
  return end;
}

/** The `t` attribute's value; the usual ones are constants, so no string is made per cell. */
function cellType(bytes: Buffer, start: number, end: number): string {
  const length = end - start;
  const first = bytes[start];
  if (length === 1) {
    if (first === 0x73) {
      return 's';
    }
    if (first === 0x6e) {
      return 'n';
    }
    if (first === 0x62) {
      return 'b';
    }
    if (first === 0x65) {
      return 'e';
    }
    if (first === 0x64) {
      return 'd';
    }
  } else if (
    length === 3 &&
    first === 0x73 &&
    bytes[start + 1] === 0x74 &&
    bytes[start + 2] === 0x72
  ) {
    return 'str';
  } else if (length === 9 && hasMarkup(bytes, start, INLINE_STR)) {
    return 'inlineStr';
  }
  return bytes.toString('latin1', start, end);
}

const INLINE_STR = Buffer.from('inlineStr', 'latin1');

/**
 * The number written in bytes [start, end), as `Number` reads it: plain digits (the usual case)
 * without making a string, anything else through `Number` (so " 7", "1e2" or "x" read as
 * 7, 100, NaN).
 */
export function digitsValue(bytes: Buffer, start: number, end: number): number {
  if (end - start > 9 || end === start) {
    return Number(bytes.toString('latin1', start, end));
  }
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = (bytes[i] ?? 0) - 0x30;
    if (digit < 0 || digit > 9) {
      return Number(bytes.toString('latin1', start, end));
    }
    value = value * 10 + digit;
  }
  return value;
}

/** The 0-based column of the cell reference in bytes [from, to), e.g. "AB12" ($ allowed), or -1. */
function columnOfReference(bytes: Buffer, from: number, to: number): number {
  let column = 0;
  let i = from;
  if (bytes[i] === 0x24) {
    i += 1;
  }
  const start = i;
  for (; i < to && i - start < 4; i++) {
    let code = bytes[i] ?? 0;
    if (code >= 0x61 && code <= 0x7a) {
      code -= 0x20;
    }
    if (code < 0x41 || code > 0x5a) {
      break;
    }
    column = column * 26 + (code - 0x40);
  }
  return i === start ? -1 : column - 1;
}
