import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TOKEN_LIFETIME_MS,
  hashToken,
  isTokenShaped,
  isTokenUsable,
  newToken,
  tokenExpiry,
} from '../../src/mail/password-token.js';

describe('set-password tokens', () => {
  it('are 32 random bytes in base64url (43 characters), different every time', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => newToken().token));
    expect(tokens.size).toBe(100);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
  });

  it('are stored as a SHA-256 hex hash that differs from the token', () => {
    const { token, hash } = newToken();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toBe(token);
    expect(hash).not.toContain(token);
  });

  it('hash the same token to the same hash, and different tokens to different hashes', () => {
    const { token, hash } = newToken();
    expect(hashToken(token)).toBe(hash);
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(`${token}x`)).not.toBe(hash);
    expect(hashToken('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('expire after 7 days by default', () => {
    const now = new Date('2026-06-09T09:00:00.000Z');
    expect(DEFAULT_TOKEN_LIFETIME_MS).toBe(7 * 24 * 60 * 60 * 1000);
    expect(tokenExpiry(now)).toEqual(new Date('2026-06-16T09:00:00.000Z'));
    expect(tokenExpiry(now, 60_000)).toEqual(new Date('2026-06-09T09:01:00.000Z'));
  });

  it('work once and only before they expire', () => {
    const expiresAt = new Date('2026-06-16T09:00:00.000Z');
    const before = new Date('2026-06-16T08:59:59.999Z');
    expect(isTokenUsable({ expiresAt, usedAt: null }, before)).toBe(true);
    expect(isTokenUsable({ expiresAt, usedAt: null }, expiresAt)).toBe(false);
    expect(isTokenUsable({ expiresAt, usedAt: before }, before)).toBe(false);
  });

  it('recognise the shape of a token without a database', () => {
    expect(isTokenShaped(newToken().token)).toBe(true);
    expect(isTokenShaped('short')).toBe(false);
    expect(isTokenShaped(`${'a'.repeat(42)}=`)).toBe(false);
  });
});
