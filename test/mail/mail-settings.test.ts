import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PUBLIC_URL,
  MailSettingsError,
  parseMailSettings,
} from '../../src/mail/mail-settings.js';
import { DEFAULT_TOKEN_LIFETIME_MS } from '../../src/mail/password-token.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseMailSettings(env);
  } catch (error) {
    if (error instanceof MailSettingsError) return error.problems.map((p) => p.variable);
    throw error;
  }
  return [];
}

describe('parseMailSettings', () => {
  it('reads smtps://user:pass@host:port into an SMTP delivery, credentials decoded', () => {
    const settings = parseMailSettings({
      SMTP_URL: 'smtps://mailer%40acme:p%40ss@mail.acme.example:2465',
      MAIL_FROM: 'Acme <usersync@Acme.Example>',
      ORGANISATION_NAME: 'Acme Corp',
      PUBLIC_URL: 'https://usersync.acme.example/',
    });
    expect(settings.delivery).toEqual({
      kind: 'smtp',
      url: 'smtps://mailer%40acme:p%40ss@mail.acme.example:2465',
      redactedUrl: 'smtps://mailer%40acme:***@mail.acme.example:2465',
      secure: true,
      host: 'mail.acme.example',
      port: 2465,
      user: 'mailer@acme',
    });
    expect(settings.from).toEqual({ name: 'Acme', address: 'usersync@Acme.Example' });
    expect(settings.messageIdHost).toBe('acme.example');
    expect(settings.organisationName).toBe('Acme Corp');
    expect(settings.publicUrl).toBe('https://usersync.acme.example');
    expect(settings.setPasswordLinkLifetimeMs).toBe(DEFAULT_TOKEN_LIFETIME_MS);
  });

  it('defaults the port to 587 for smtp:// and 465 for smtps://, and allows no credentials', () => {
    const plain = parseMailSettings({ SMTP_URL: 'smtp://relay', MAIL_FROM: 'a@b.example' });
    const secure = parseMailSettings({ SMTP_URL: 'smtps://relay', MAIL_FROM: 'a@b.example' });
    expect(plain.delivery).toMatchObject({ port: 587, secure: false, user: null });
    expect(secure.delivery).toMatchObject({ port: 465, secure: true });
  });

  it('says "not configured" without SMTP_URL, and defaults the rest', () => {
    const settings = parseMailSettings({ SMTP_URL: '  ' });
    expect(settings.delivery).toEqual({ kind: 'not-configured' });
    expect(settings.publicUrl).toBe(DEFAULT_PUBLIC_URL);
    expect(settings.from).toEqual({ name: 'usersync', address: 'usersync@localhost' });
  });

  it('uses the organisation name as the From display name when MAIL_FROM has none', () => {
    const settings = parseMailSettings({
      SMTP_URL: 'smtp://relay:25',
      MAIL_FROM: 'noreply@acme.example',
      ORGANISATION_NAME: 'Acme',
    });
    expect(settings.from).toEqual({ name: 'Acme', address: 'noreply@acme.example' });
  });

  it('returns a frozen object', () => {
    const settings = parseMailSettings({});
    expect(Object.isFrozen(settings)).toBe(true);
    expect(Object.isFrozen(settings.delivery)).toBe(true);
    expect(Object.isFrozen(settings.from)).toBe(true);
  });

  it.each([
    ['http://mail.acme.example', 'SMTP_URL'],
    ['not a url', 'SMTP_URL'],
    ['smtp://:secret@relay', 'SMTP_URL'],
  ])('refuses SMTP_URL %s, naming the variable', (url, variable) => {
    expect(problemsOf({ SMTP_URL: url, MAIL_FROM: 'a@b.example' })).toEqual([variable]);
  });

  it('never repeats the SMTP password in an error', () => {
    expect(() => parseMailSettings({ SMTP_URL: 'ftp://u:hunter22@relay' })).toThrow(
      /^(?!.*hunter22).*SMTP_URL/,
    );
  });

  it('requires MAIL_FROM when SMTP_URL is set', () => {
    expect(problemsOf({ SMTP_URL: 'smtp://relay' })).toEqual(['MAIL_FROM']);
    expect(() => parseMailSettings({ SMTP_URL: 'smtp://relay' })).toThrow(/MAIL_FROM/);
  });

  it('names every wrong variable at once', () => {
    expect(
      problemsOf({
        SMTP_URL: 'http://x',
        MAIL_FROM: 'not an address',
        PUBLIC_URL: 'ftp://x',
        SET_PASSWORD_LINK_DAYS: '0',
      }),
    ).toEqual(['SMTP_URL', 'MAIL_FROM', 'PUBLIC_URL', 'SET_PASSWORD_LINK_DAYS']);
  });

  it('refuses a PUBLIC_URL with a query, and keeps a path prefix', () => {
    expect(problemsOf({ PUBLIC_URL: 'https://x.example/?a=1' })).toEqual(['PUBLIC_URL']);
    expect(parseMailSettings({ PUBLIC_URL: 'https://x.example/usersync/' }).publicUrl).toBe(
      'https://x.example/usersync',
    );
  });

  it('reads SET_PASSWORD_LINK_DAYS as whole days from 1 to 90', () => {
    expect(parseMailSettings({ SET_PASSWORD_LINK_DAYS: '3' }).setPasswordLinkLifetimeMs).toBe(
      3 * 24 * 60 * 60 * 1000,
    );
    expect(problemsOf({ SET_PASSWORD_LINK_DAYS: '1.5' })).toEqual(['SET_PASSWORD_LINK_DAYS']);
    expect(problemsOf({ SET_PASSWORD_LINK_DAYS: '91' })).toEqual(['SET_PASSWORD_LINK_DAYS']);
  });
});
