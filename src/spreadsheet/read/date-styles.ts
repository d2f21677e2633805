import { childNamed, childrenNamed, type XmlElement } from './xml-tree.js';

/**
 * Built-in number formats that show a date (ECMA-376 §18.8.30 and the East Asian built-ins):
 * 14–17 (m/d/yyyy, d-mmm-yy, d-mmm, mmm-yy), 22 (m/d/yy h:mm), 27–36 and 50–58.
 * The time-only built-ins (18–21 h:mm…, 45–47 mm:ss…) show no date, so their cells stay numbers.
 */
const BUILT_IN_DATE_FORMATS: ReadonlySet<number> = new Set([
  14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/**
 * For each cell style index (`s` of a cell, an index into `cellXfs`), whether its number format
 * shows a date. Styles the stylesheet does not define are not dates.
 */
export function readDateStyles(styleSheet: XmlElement | null): boolean[] {
  if (styleSheet === null) {
    return [];
  }
  const customFormats = new Map<number, string>();
  for (const numFmt of childrenNamed(childNamed(styleSheet, 'numFmts') ?? styleSheet, 'numFmt')) {
    const id = Number(numFmt.attributes.get('numFmtId'));
    const code = numFmt.attributes.get('formatCode');
    if (Number.isInteger(id) && code !== undefined) {
      customFormats.set(id, code);
    }
  }
  const cellXfs = childNamed(styleSheet, 'cellXfs');
  if (cellXfs === undefined) {
    return [];
  }
  return childrenNamed(cellXfs, 'xf').map((xf) => {
    const id = Number(xf.attributes.get('numFmtId') ?? '0');
    const custom = customFormats.get(id);
    return custom === undefined ? BUILT_IN_DATE_FORMATS.has(id) : isDateFormatCode(custom);
  });
}

/**
 * Whether a custom format code shows a date: it has a day or year token, or a month token in a
 * code without hours or seconds (where `m` would mean minutes), outside quoted text, `[...]`
 * sections (colours, conditions, locales, elapsed time), escaped characters, fill/space marks
 * and the AM/PM markers.
 */
export function isDateFormatCode(code: string): boolean {
  const tokens = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/general|am\/pm|a\/p/gi, '')
    .toLowerCase();
  if (/[dy]/.test(tokens)) {
    return true;
  }
  return tokens.includes('m') && !/[hs]/.test(tokens);
}

const MS_PER_DAY = 86_400_000;
/** Day 0 of the 1900 system for serials after the fictitious 1900-02-29 (serial 60). */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);
/** 9999-12-31, the last date Excel shows, in the 1900 system. */
const MAX_SERIAL_1900 = 2_958_465;

/**
 * The date an Excel serial number shows, as YYYY-MM-DD, or null when it shows no date (negative
 * or beyond 9999-12-31). The 1900 system keeps Lotus 1-2-3's bug: serial 60 is 1900-02-29 and
 * serials 1–59 are one day later than a true count from 1899-12-30. The time of day is dropped.
 */
export function serialToIsoDate(serial: number, date1904: boolean): string | null {
  // Excel rounds to the millisecond before taking the day: 0.99999999999 of a day is midnight.
  const day = Math.floor(serial + 0.5 / MS_PER_DAY);
  if (!Number.isFinite(day) || day < 0) {
    return null;
  }
  if (date1904) {
    return day > MAX_SERIAL_1900 - 1462 ? null : isoDate(EPOCH_1904 + day * MS_PER_DAY);
  }
  if (day > MAX_SERIAL_1900) {
    return null;
  }
  if (day === 60) {
    return '1900-02-29';
  }
  return isoDate(EPOCH_1900 + (day < 60 ? day + 1 : day) * MS_PER_DAY);
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
