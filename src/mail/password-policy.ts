/**
 * The password policy for users setting their password through the welcome link, and for
 * administrators (issues 5 and 7). Following NIST SP 800-63B: a minimum length, a blocklist of
 * common passwords and of the account's own identifiers, no composition rules.
 *
 * - At least 12 characters (as a person counts them: grapheme clusters, after NFC
 *   normalisation); at most 256.
 * - Not the userName or the e-mail address, and not *containing* either of them, nor the
 *   e-mail's local part, compared case-insensitively (only identifiers of 4 or more characters
 *   are looked for inside the password, so a user called "al" may still use "always…").
 *   "jsmith2024!!" is as guessable to an attacker who knows the user name as "jsmith".
 * - Not a common password (case-insensitive): the list is the `popular-passwords` package
 *   (MIT; the passwords of 8 or more characters from zxcvbn's frequency lists). Only its entries
 *   long enough to pass the length rule matter, and only those are kept in memory.
 * - Not fewer than 5 distinct characters ("aaaaaaaaaaaa", "abababababab").
 */
import { createRequire } from 'node:module';
import { z } from 'zod';

/** The smallest accepted password length, in characters. */
export const MIN_PASSWORD_LENGTH = 12;
/** The largest accepted password length, in characters (bounds the work per request). */
export const MAX_PASSWORD_LENGTH = 256;
/** The fewest distinct characters a password must have. */
export const MIN_DISTINCT_CHARACTERS = 5;
/** Identifiers shorter than this are only compared for equality, not searched inside. */
const MIN_CONTAINED_IDENTIFIER = 4;

/** Why a password is refused. */
export type PasswordProblemCode =
  'too-short' | 'too-long' | 'contains-user-name' | 'contains-email' | 'common' | 'too-repetitive';

/** One reason a password is refused, with a message safe to show (it never repeats the password). */
export interface PasswordProblem {
  readonly code: PasswordProblemCode;
  readonly message: string;
}

/** The account the password is for. */
export interface PasswordOwner {
  readonly userName: string;
  readonly email: string;
}

/**
 * Checks a password against the policy; returns every problem, or an empty list when the
 * password is acceptable.
 */
export function checkPassword(password: string, owner: PasswordOwner): readonly PasswordProblem[] {
  const normalised = password.normalize('NFC');
  const characters = graphemes(normalised);
  const length = characters.length;
  const lower = normalised.toLowerCase();
  const problems: PasswordProblem[] = [];

  if (length < MIN_PASSWORD_LENGTH) {
    problems.push({
      code: 'too-short',
      message: `Use at least ${MIN_PASSWORD_LENGTH} characters.`,
    });
  }
  if (length > MAX_PASSWORD_LENGTH) {
    problems.push({
      code: 'too-long',
      message: `Use at most ${MAX_PASSWORD_LENGTH} characters.`,
    });
  }
  if (containsIdentifier(lower, owner.userName)) {
    problems.push({
      code: 'contains-user-name',
      message: 'Do not use your user name in your password.',
    });
  }
  const email = owner.email.trim().toLowerCase();
  const localPart = email.includes('@') ? email.slice(0, email.lastIndexOf('@')) : '';
  if (containsIdentifier(lower, email) || containsIdentifier(lower, localPart)) {
    problems.push({
      code: 'contains-email',
      message: 'Do not use your e-mail address in your password.',
    });
  }
  if (isCommonPassword(lower)) {
    problems.push({
      code: 'common',
      message: 'This password is too common: it is one of the first that attackers try.',
    });
  }
  if (length > 0 && new Set(characters).size < MIN_DISTINCT_CHARACTERS) {
    problems.push({
      code: 'too-repetitive',
      message: `Use at least ${MIN_DISTINCT_CHARACTERS} different characters.`,
    });
  }
  return problems;
}

/** Whether the password equals, or contains, an identifier (case-insensitive). */
function containsIdentifier(lowerPassword: string, identifier: string): boolean {
  const id = identifier.normalize('NFC').trim().toLowerCase();
  if (id === '') return false;
  if (lowerPassword === id) return true;
  return id.length >= MIN_CONTAINED_IDENTIFIER && lowerPassword.includes(id);
}

let commonPasswords: ReadonlySet<string> | undefined;

/**
 * Whether a password is on the shipped list of common passwords (case-insensitive). The list is
 * loaded on first use.
 */
export function isCommonPassword(password: string): boolean {
  commonPasswords ??= loadCommonPasswords();
  return commonPasswords.has(password.normalize('NFC').toLowerCase());
}

/** How many entries of the list can matter (those at least `MIN_PASSWORD_LENGTH` long). */
export function commonPasswordCount(): number {
  commonPasswords ??= loadCommonPasswords();
  return commonPasswords.size;
}

function loadCommonPasswords(): ReadonlySet<string> {
  const require = createRequire(import.meta.url);
  const list = z.array(z.string()).parse(require('popular-passwords'));
  return new Set(
    list
      .map((entry) => entry.normalize('NFC').toLowerCase())
      .filter(
        (entry) =>
          entry.length >= MIN_PASSWORD_LENGTH && graphemes(entry).length >= MIN_PASSWORD_LENGTH,
      ),
  );
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** The characters of a text as a person counts them (an emoji or an accented letter is one). */
function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (segment) => segment.segment);
}
