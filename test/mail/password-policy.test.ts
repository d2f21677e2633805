import { describe, expect, it } from 'vitest';
import {
  checkPassword,
  commonPasswordCount,
  isCommonPassword,
  type PasswordOwner,
} from '../../src/mail/password-policy.js';

const OWNER: PasswordOwner = { userName: 'jdoe', email: 'jane.doe@acme.example' };
const codes = (password: string, owner: PasswordOwner = OWNER): string[] =>
  checkPassword(password, owner).map((problem) => problem.code);

describe('password policy', () => {
  it('accepts a long, unusual password', () => {
    expect(checkPassword('violet tractor 47 lantern', OWNER)).toEqual([]);
  });

  it('refuses fewer than 12 characters, counted as a person counts them', () => {
    expect(codes('Tr4ctor!x9q')).toEqual(['too-short']);
    expect(codes('Tr4ctor!x9qz')).toEqual([]);
    expect(codes('🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊')).toEqual(['too-repetitive']);
    expect(codes('👩‍💻ab👩‍💻cd👩‍💻ef')).toEqual(['too-short']);
  });

  it('refuses more than 256 characters', () => {
    expect(codes(`${'violet tractor 47 '.repeat(15)}x`)).toContain('too-long');
  });

  it('refuses the userName or the e-mail address, whatever the case', () => {
    const owner = { userName: 'jdoe-administrator', email: 'jane.doe.admin@acme.example' };
    expect(codes('JDOE-Administrator', owner)).toEqual(['contains-user-name']);
    expect(codes('Jane.Doe.Admin@Acme.Example', owner)).toEqual(['contains-email']);
  });

  it('refuses a password that contains the userName, the e-mail or its local part', () => {
    expect(codes('my-JDOE-password-2026')).toEqual(['contains-user-name']);
    expect(codes('jane.doe@acme.example!')).toEqual(['contains-email']);
    expect(codes('xx-jane.doe-1234567')).toEqual(['contains-email']);
  });

  it('looks for identifiers of fewer than 4 characters only as the whole password', () => {
    const owner = { userName: 'al', email: 'al@x.example' };
    expect(codes('always travel light 9', owner)).toEqual([]);
  });

  it('refuses common passwords from the shipped list, whatever the case', () => {
    expect(commonPasswordCount()).toBeGreaterThan(3_000);
    for (const common of ['qwertyuiop123', '1q2w3e4r5t6y', 'password1234', 'QWERTY123456']) {
      expect(isCommonPassword(common)).toBe(true);
      expect(codes(common, { userName: 'someone', email: 'someone@x.example' })).toContain(
        'common',
      );
    }
  });

  it('refuses passwords with fewer than 5 different characters', () => {
    expect(codes('abababababababab')).toContain('too-repetitive');
    expect(codes('aaaaaaaaaaaaaaaa')).toContain('too-repetitive');
  });

  it('lists every problem at once, with messages that do not repeat the password', () => {
    const problems = checkPassword('jdoe', OWNER);
    expect(problems.map((p) => p.code)).toEqual([
      'too-short',
      'contains-user-name',
      'too-repetitive',
    ]);
    for (const problem of problems) {
      expect(problem.message).not.toContain('jdoe');
      expect(problem.message.length).toBeGreaterThan(10);
    }
  });
});
