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

function ok(value: string): FieldResult {
  return { ok: true, value };
}

function fail(code: RowErrorCode, message: string): FieldResult {
  return { ok: false, code, message };
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
  const value = cleanText(raw);
  if (value === '') {
    if (FIELD_BY_NAME.get(field)?.required === true) {
      return fail('required', `${field} is required: fill it in`);
    }
    return field === 'active' ? ok('true') : ok('');
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
        ? ok(value)
        : fail(
            'invalid-email',
            `email ${quote(value)} is not a valid address: use the form name@example.com, ` +
              `with no spaces and at most ${MAX_EMAIL_LENGTH} characters`,
          );
    case 'locale': {
      const locale = canonicalLocale(value);
      return locale === null
        ? fail(
            'invalid-locale',
            `locale ${quote(value)} is not a locale code such as en-US or fr-CA`,
          )
        : ok(locale);
    }
    case 'timezone': {
      const zone = canonicalTimezone(value);
      return zone === null
        ? fail(
            'invalid-timezone',
            `timezone ${quote(value)} is not a time zone name such as America/Chicago or Europe/Paris`,
          )
        : ok(zone);
    }
    case 'languageName': {
      const language = canonicalLanguageName(value);
      return language === null
        ? fail(
            'invalid-language',
            `languageName ${quote(value)} is not a display language; use one of: ${LANGUAGE_LIST}`,
          )
        : ok(language);
    }
    case 'active': {
      const active = parseActive(value);
      return active === null
        ? fail(
            'invalid-active',
            `active ${quote(value)} is not true or false (yes/no and 1/0 are accepted too)`,
          )
        : ok(active ? 'true' : 'false');
    }
    default:
      return ok(value);
  }
}

/** The message that `value` would produce as `field`, or null when it is valid. */
export function validateFieldValue(field: FieldName, value: string): string | null {
  const result = normaliseField(field, value);
  return result.ok ? null : result.message;
}
