import { describe, expect, it } from 'vitest';
import {
  PASSWORD_HASH_OPTIONS,
  hashPassword,
  needsRehash,
  verifyPassword,
  verifyPasswordOrDummy,
} from '../../src/mail/password-hash.js';

describe('password hashing', () => {
  it('hashes with argon2id, 64 MiB, 3 passes, 4 lanes, and a random salt', async () => {
    const first = await hashPassword('violet tractor 47 lantern');
    const second = await hashPassword('violet tractor 47 lantern');
    expect(first).toMatch(/^\$argon2id\$v=19\$/);
    expect(first).toContain('m=65536');
    expect(first).toContain('t=3');
    expect(first).toContain('p=4');
    expect(first).not.toBe(second);
    expect(first).not.toContain('violet');
    expect(PASSWORD_HASH_OPTIONS.memoryCost).toBe(65_536);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('violet tractor 47 lantern');
    expect(await verifyPassword(hash, 'violet tractor 47 lantern')).toBe(true);
    expect(await verifyPassword(hash, 'violet tractor 47 lanterN')).toBe(false);
  });

  it('matches a password however its accents are composed (NFC)', async () => {
    const hash = await hashPassword('caf\u00e9 au lait 1234');
    expect(await verifyPassword(hash, 'cafe\u0301 au lait 1234')).toBe(true);
  });

  it('answers false for an account without a hash, after the same work', async () => {
    expect(await verifyPasswordOrDummy(null, 'anything at all 1234')).toBe(false);
    const hash = await hashPassword('violet tractor 47 lantern');
    expect(await verifyPasswordOrDummy(hash, 'violet tractor 47 lantern')).toBe(true);
  });

  it('asks for a rehash only when the parameters are weaker than today’s', async () => {
    expect(needsRehash(await hashPassword('violet tractor 47 lantern'))).toBe(false);
    expect(
      needsRehash(
        '$argon2id$v=19$m=4096,t=3,p=1$c29tZXNhbHRzb21lc2FsdA$MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI',
      ),
    ).toBe(true);
  });
});
