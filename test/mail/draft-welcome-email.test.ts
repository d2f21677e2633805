import { describe, expect, it } from 'vitest';
import { draftWelcomeEmail } from '../../src/mail/draft-welcome-email.js';
import { parseMailSettings } from '../../src/mail/mail-settings.js';
import { hashToken } from '../../src/mail/password-token.js';

const NOW = new Date('2026-06-09T09:00:00.000Z');

describe('draftWelcomeEmail', () => {
  const settings = parseMailSettings({
    MAIL_FROM: 'usersync@acme.example',
    SMTP_URL: 'smtp://relay',
    PUBLIC_URL: 'https://u.acme.example',
    SET_PASSWORD_LINK_DAYS: '3',
  });
  const draft = draftWelcomeEmail({
    settings,
    user: {
      firstName: 'Jane',
      lastName: 'Doe, Jr',
      userName: 'jdoe',
      email: 'jane@acme.example',
      timezone: 'Europe/Paris',
    },
    outboxId: '0b6f4c1e-1111-4222-8333-944455556666',
    now: NOW,
  });

  it('links with a token whose hash, not text, is returned for storage', () => {
    const token = /set-password\?token=([A-Za-z0-9_-]{43})/.exec(draft.text)?.[1] ?? '';
    expect(hashToken(token)).toBe(draft.tokenHash);
    expect(JSON.stringify({ ...draft, text: '', html: '' })).not.toContain(token);
  });

  it('expires after the configured lifetime and gives the row a stable Message-ID', () => {
    expect(draft.tokenExpiresAt).toEqual(new Date('2026-06-12T09:00:00.000Z'));
    expect(draft.text).toContain('expires in 3 days');
    expect(draft.messageId).toBe('<0b6f4c1e-1111-4222-8333-944455556666@acme.example>');
  });

  it('quotes the recipient’s name', () => {
    expect(draft.recipient).toBe('"Jane Doe, Jr" <jane@acme.example>');
  });
});
