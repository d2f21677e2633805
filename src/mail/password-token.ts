/**
 * Set-password tokens (SPEC §4.6, issue 7): 32 random bytes, sent to the user in base64url, and
 * stored only as the SHA-256 hex digest of that text. A database reader therefore cannot use a
 * stored token; a link is looked up by hashing what the user brings. SHA-256 (not a slow hash)
 * is right here because the token has 256 bits of entropy: there is nothing to brute-force.
 */
import { createHash, randomBytes } from 'node:crypto';

/** How long a set-password link works unless configured otherwise: 7 days. */
export const DEFAULT_TOKEN_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** The number of random bytes in a token. */
export const TOKEN_BYTES = 32;

/** A fresh token: the text for the link, and the hash to store. */
export interface NewToken {
  /** 43 base64url characters; goes into the link and nowhere else. */
  readonly token: string;
  /** `hashToken(token)`: 64 lower-case hex characters; the only form the store keeps. */
  readonly hash: string;
}

/** A stored token as the set-password flow needs to judge it. */
export interface PasswordTokenState {
  /** When the link stops working. */
  readonly expiresAt: Date;
  /** When the link was used, or null while unused. A token works once. */
  readonly usedAt: Date | null;
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Makes a new random token and its hash. */
export function newToken(): NewToken {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, hash: hashToken(token) };
}

/** The SHA-256 hex digest of a token's text: what the store keeps and looks up by. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Whether a string has the shape of a token (43 base64url characters). Lets the set-password
 * API refuse garbage without a database query; the answer to the user stays the generic one.
 */
export function isTokenShaped(candidate: string): boolean {
  return TOKEN_PATTERN.test(candidate);
}

/** When a token issued at `now` expires. */
export function tokenExpiry(now: Date, lifetimeMs: number = DEFAULT_TOKEN_LIFETIME_MS): Date {
  return new Date(now.getTime() + lifetimeMs);
}

/**
 * Whether a stored token may still set a password at `now`: unused and not expired. Unknown,
 * used and expired tokens must all get the same answer from the API, so this returns a boolean
 * and no reason.
 */
export function isTokenUsable(state: PasswordTokenState, now: Date): boolean {
  return state.usedAt === null && now.getTime() < state.expiresAt.getTime();
}
