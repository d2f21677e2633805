import { digitsValue } from './cell-tag.js';
import { serialToIsoDate } from './date-styles.js';
import { numberText } from './number-text.js';
import { columnLetters, type CellIssue } from './table-source.js';
import { rawText, stringItemText, unescapeOoxml } from './xml-text.js';

/** What the workbook tells about all cells: the shared strings and which styles are dates. */
export interface CellContext {
  readonly sharedStrings: readonly string[];
  /** By cell style index: whether the style's number format shows a date. */
  readonly dateStyles: readonly boolean[];
  readonly date1904: boolean;
}

/** Where one `<c>` element's parts are in the scanned text (-1 when absent). */
export interface CellParts {
  /** The `t` attribute (n, s, str, inlineStr, b, e, d), null for a number. */
  type: string | null;
  /** The `s` attribute: the cell's style index (0 when absent). */
  style: number;
  /** The scanned text: the Latin-1 reading of `bytes`, so offsets are byte offsets. */
  text: string;
  /** The bytes behind `text`. */
  bytes: Buffer;
  /** Whether `bytes` are all ASCII (`text` is then exact; else see rawText). */
  isAscii: boolean;
  valueStart: number;
  valueEnd: number;
  inlineStart: number;
  inlineEnd: number;
  /** Whether the cell has an `<f>` (its value is a formula's cached result). */
  hasFormula: boolean;
}

/**
 * The trimmed text of a cell per SPEC §3, or the issue that keeps it from having one:
 * shared/inline/rich strings as plain text, booleans as true/false, numbers in canonical form,
 * date-formatted numbers and `t="d"` cells as YYYY-MM-DD, formulas by their cached value.
 */
export function cellText(
  parts: CellParts,
  context: CellContext,
  row: number,
  column: number,
): string | CellIssue {
  const { text, valueStart, valueEnd } = parts;
  const bytes = parts.isAscii ? null : parts.bytes;
  const hasValue = valueStart >= 0;
  switch (parts.type) {
    case 's': {
      if (!hasValue) {
        return parts.hasFormula ? noCachedValue(row, column) : '';
      }
      const index = digitsValue(parts.bytes, valueStart, valueEnd);
      const value = Number.isInteger(index) ? context.sharedStrings[index] : undefined;
      return value === undefined
        ? unreadable(row, column, 'it refers to a shared string the file does not have')
        : value.trim();
    }
    case 'inlineStr': {
      if (parts.inlineStart >= 0) {
        const value = stringItemText(text, parts.inlineStart, parts.inlineEnd, bytes);
        return value === null ? unreadable(row, column, 'its text is damaged') : value.trim();
      }
      return hasValue ? unescapeOoxml(rawText(text, valueStart, valueEnd, bytes)).trim() : '';
    }
    case 'str': {
      if (!hasValue) {
        return parts.hasFormula ? noCachedValue(row, column) : '';
      }
      return unescapeOoxml(rawText(text, valueStart, valueEnd, bytes)).trim();
    }
    case 'b': {
      const value = hasValue ? rawText(text, valueStart, valueEnd, bytes).trim() : '';
      if (value === '1' || value === 'true') {
        return 'true';
      }
      if (value === '0' || value === 'false') {
        return 'false';
      }
      if (value === '') {
        return parts.hasFormula ? noCachedValue(row, column) : '';
      }
      return unreadable(row, column, `"${value}" is not a boolean`);
    }
    case 'e': {
      const error = hasValue ? rawText(text, valueStart, valueEnd, bytes).trim() : '';
      return {
        column,
        code: 'error-cell',
        message:
          `cell ${cellName(row, column)} shows the error ${error === '' ? '(unknown)' : error} ` +
          `instead of a value: correct the cell or its formula`,
      };
    }
    case 'd': {
      const value = hasValue ? rawText(text, valueStart, valueEnd, bytes).trim() : '';
      if (value === '' && parts.hasFormula) {
        return noCachedValue(row, column);
      }
      return /^\d{4}-\d\d-\d\d/.test(value) ? value.slice(0, 10) : value;
    }
    default:
      return numberCellText(parts, context, row, column);
  }
}

function numberCellText(
  parts: CellParts,
  context: CellContext,
  row: number,
  column: number,
): string | CellIssue {
  const raw = parts.valueStart >= 0 ? parts.text.slice(parts.valueStart, parts.valueEnd) : '';
  if (raw === '' || raw.trim() === '') {
    return parts.hasFormula ? noCachedValue(row, column) : '';
  }
  const number = numberText(raw);
  if (number === null) {
    // text where a number was due
    const bytes = parts.isAscii ? null : parts.bytes;
    return rawText(parts.text, parts.valueStart, parts.valueEnd, bytes).trim();
  }
  if (context.dateStyles[parts.style] === true) {
    return serialToIsoDate(Number(raw), context.date1904) ?? number;
  }
  return number;
}

function noCachedValue(row: number, column: number): CellIssue {
  return {
    column,
    code: 'formula-without-value',
    message:
      `cell ${cellName(row, column)} has a formula whose result is not saved in the file: ` +
      `open the file in Excel or LibreOffice, let it calculate, save it and upload it again`,
  };
}

function unreadable(row: number, column: number, why: string): CellIssue {
  return {
    column,
    code: 'unreadable-cell',
    message: `cell ${cellName(row, column)} cannot be read (${why}): retype its value`,
  };
}

function cellName(row: number, column: number): string {
  return `${columnLetters(column)}${String(row)}`;
}
