/**
 * Random secrets (session ids, CSRF tokens, API tokens) and the hashes the store keeps of them.
 * A secret is 32 random bytes (256 bits) as base64url text, so a plain SHA-256 of it cannot be
 * reversed or guessed; session material is additionally keyed with the server's session secret,
 * so changing SESSION_SECRET signs everybody out.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new random secret: 32 bytes as 43 base64url characters. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The SHA-256 hex digest of a secret: what the store keeps of an API token. */
export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * An HMAC-SHA256 hex digest of `value` under `key`, for one `purpose` (so the same value hashed
 * for two purposes gives unrelated digests).
 */
export function keyedHash(key: string, purpose: string, value: string): string {
  return createHmac('sha256', key).update(`${purpose}\u0000${value}`, 'utf8').digest('hex');
}

/** Compares two hex digests in constant time. */
export function isSameDigest(left: string, right: string): boolean {
  const a = Buffer.from(left, 'utf8');
  const b = Buffer.from(right, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
