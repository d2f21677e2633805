/**
 * Normalisation and validation of one cell (SPEC §4.1): each field's text becomes its canonical
 * form, or an error a person can act on.
 */
import { FIELD_BY_NAME, MAX_FIELD_LENGTH, type FieldName } from './fields.js';
import { DISPLAY_LANGUAGES } from './languages.js';
import {
  canonicalLanguageName,
  canonicalLocale,
  canonicalTimezone,
  cleanText,
  isValidEmail,
  MAX_EMAIL_LENGTH,
  parseActive,
} from './normalise.js';
import type { RowErrorCode } from './row-error.js';

/** A cell's canonical text, or why it has none. */
export type FieldResult =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly code: RowErrorCode; readonly message: string };

/** Why a cleaned cell has no canonical form. */
export interface FieldFailure {
  readonly code: RowErrorCode;
  readonly message: string;
}

function fail(code: RowErrorCode, message: string): FieldFailure {
  return { code, message };
}

/** Shortens a value for quoting in a message, so a 10,000-character cell stays readable. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

const LANGUAGE_LIST = DISPLAY_LANGUAGES.map((language) => language.name).join(', ');

/**
 * The canonical form of `raw` for `field`: trimmed NFC text; locales, time zones and languages
 * in their canonical spelling; `active` as "true"/"false" (blank is "true"). Blank values of
 * required fields are errors here too.
 */
export function normaliseField(field: FieldName, raw: string): FieldResult {
  const result = canonicalCell(field, cleanText(raw), FIELD_BY_NAME.get(field)?.required === true);
  return typeof result === 'string'
    ? { ok: true, value: result }
    : { ok: false, code: result.code, message: result.message };
}

/**
 * `normaliseField` for a value already through `cleanText`, with the field's `required` flag at
 * hand. It returns the canonical text itself and allocates only on failure, since row
 * validation calls it for every cell of every row.
 */
export function canonicalCell(
  field: FieldName,
  value: string,
  required: boolean,
): string | FieldFailure {
  if (value === '') {
    if (required) return fail('required', `${field} is required: fill it in`);
    return field === 'active' ? 'true' : '';
  }
  if (value.length > MAX_FIELD_LENGTH) {
    return fail(
      'too-long',
      `${field} is ${value.length} characters long; at most ${MAX_FIELD_LENGTH} are allowed`,
    );
  }
  switch (field) {
    case 'email':
      return isValidEmail(value)
        ? value
        : fail(
            'invalid-email',
            `email ${quote(value)} is not a valid address: use the form name@example.com, ` +
              `with no spaces and at most ${MAX_EMAIL_LENGTH} characters`,
          );
    case 'locale': {
      const locale = canonicalLocale(value);
      return (
        locale ??
        fail('invalid-locale', `locale ${quote(value)} is not a locale code such as en-US or fr-CA`)
      );
    }
    case 'timezone': {
      const zone = canonicalTimezone(value);
      return (
        zone ??
        fail(
          'invalid-timezone',
          `timezone ${quote(value)} is not a time zone name such as America/Chicago or Europe/Paris`,
        )
      );
    }
    case 'languageName': {
      const language = canonicalLanguageName(value);
      return (
        language ??
        fail(
          'invalid-language',
          `languageName ${quote(value)} is not a display language; use one of: ${LANGUAGE_LIST}`,
        )
      );
    }
    case 'active': {
      const active = parseActive(value);
      return active === null
        ? fail(
            'invalid-active',
            `active ${quote(value)} is not true or false (yes/no and 1/0 are accepted too)`,
          )
        : active
          ? 'true'
          : 'false';
    }
    default:
      return value;
  }
}

/** The message that `value` would produce as `field`, or null when it is valid. */
export function validateFieldValue(field: FieldName, value: string): string | null {
  const result = normaliseField(field, value);
  return result.ok ? null : result.message;
}
