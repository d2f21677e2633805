/**
 * Normalisation of cell text (SPEC §1 and §4.1): trimming, Unicode NFC, identity keys, and the
 * canonical forms of locales, time zones, display languages and booleans.
 */
import { findDisplayLanguage } from './languages.js';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** What a scan of a value found: see `scanAscii`. */
const NOT_CLEAN = 0;
const CLEAN_LOWER = 1;
const CLEAN_UPPER = 2;

/**
 * One pass over `value` for the common case of printable ASCII with nothing to trim: such text
 * is its own `cleanText` (NFC cannot change it, and the only whitespace in the range is the space,
 * which is not at either end). Returns NOT_CLEAN when the slow path must decide, else CLEAN_LOWER
 * or CLEAN_UPPER (the text holds an A–Z letter, so its identity key is its lower case).
 */
function scanAscii(value: string): number {
  const length = value.length;
  if (length === 0) return CLEAN_LOWER;
  if (value.charCodeAt(0) === 0x20 || value.charCodeAt(length - 1) === 0x20) return NOT_CLEAN;
  let upper = false;
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) return NOT_CLEAN;
    if (code >= 0x41 && code <= 0x5a) upper = true;
  }
  return upper ? CLEAN_UPPER : CLEAN_LOWER;
}

/** Trimmed NFC text. Plain ASCII skips the (costly) normalisation, since it cannot change. */
export function cleanText(value: string): string {
  // Fast path: clean printable ASCII comes back as it is, with no trim and no copy.
  if (scanAscii(value) !== NOT_CLEAN) return value;
  const trimmed = value.trim();
  return PRINTABLE_ASCII.test(trimmed) ? trimmed : trimmed.normalize('NFC');
}

/**
 * The identity key of a userName or an email: trimmed, NFC, case-folded. Two values are the
 * same user (or the same address) exactly when their keys are equal. Upper- then lower-casing
 * folds the letters whose lower case alone would not (e.g. "ß" and "SS" both become "ss").
 */
export function identityKey(value: string): string {
  // Fast path: clean printable ASCII is its own key when it has no capital letter (most
  // userNames and addresses), else its ASCII lower case; either way no trim, NFC or upper-casing.
  const scan = scanAscii(value);
  if (scan === CLEAN_LOWER) return value;
  if (scan === CLEAN_UPPER) return value.toLowerCase();
  const text = cleanText(value);
  if (PRINTABLE_ASCII.test(text)) return text.toLowerCase();
  return text.toUpperCase().toLowerCase().normalize('NFC');
}

const LOCALE_SHAPE = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/;
const localeCache = new Map<string, string | null>();

/**
 * The canonical BCP 47 form of a locale (`en-us` → `en-US`; `en_US` is accepted as `en-US`),
 * or null if it is not a valid tag with a two- or three-letter language.
 */
export function canonicalLocale(value: string): string | null {
  const cached = localeCache.get(value);
  if (cached !== undefined) return cached;
  let result: string | null = null;
  if (LOCALE_SHAPE.test(value)) {
    try {
      result = Intl.getCanonicalLocales(value.replaceAll('_', '-'))[0] ?? null;
    } catch {
      result = null;
    }
  }
  if (localeCache.size < 10_000) localeCache.set(value, result);
  return result;
}

const ZONE_SHAPE = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;
const zoneCache = new Map<string, string | null>();

/**
 * The runtime's name for an IANA time zone (`america/chicago` → `America/Chicago`, a link such
 * as `US/Eastern` → `America/New_York`), or null if the runtime does not know it. Offsets such
 * as `+01:00` are not zone names and are refused.
 */
export function canonicalTimezone(value: string): string | null {
  const cached = zoneCache.get(value);
  if (cached !== undefined) return cached;
  let result: string | null = null;
  if (ZONE_SHAPE.test(value)) {
    try {
      result = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
    } catch {
      result = null;
    }
  }
  if (zoneCache.size < 10_000) zoneCache.set(value, result);
  return result;
}

const languageCache = new Map<string, string | null>();

/** The catalogue spelling of a display language (`us english` → `US English`), or null. */
export function canonicalLanguageName(value: string): string | null {
  // Cached like locales: a file repeats a handful of spellings on every row.
  const cached = languageCache.get(value);
  if (cached !== undefined) return cached;
  const result = findDisplayLanguage(value)?.name ?? null;
  if (languageCache.size < 10_000) languageCache.set(value, result);
  return result;
}

const TRUE_WORDS = new Set(['true', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'no', '0']);

/**
 * The status a cell of the `active` column asks for: blank means true (SPEC §4.1); null when
 * the text is not one of true/false/yes/no/1/0 (case-insensitive).
 */
export function parseActive(value: string): boolean | null {
  const word = value.trim().toLowerCase();
  if (word === '') return true;
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return null;
}

/** Longest e-mail address accepted (RFC 5321 path limit). */
export const MAX_EMAIL_LENGTH = 254;

const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/u;

/** Whether `value` is an address of the form local@domain.tld, with no spaces, ≤ 254 chars. */
export function isValidEmail(value: string): boolean {
  return value.length <= MAX_EMAIL_LENGTH && EMAIL_SHAPE.test(value);
}

/** The part of an address after the last `@`, lower-cased ("" when there is none). */
export function emailDomain(value: string): string {
  const at = value.lastIndexOf('@');
  return at < 0 ? '' : value.slice(at + 1).toLowerCase();
}
