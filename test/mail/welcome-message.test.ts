import { describe, expect, it } from 'vitest';
import {
  describeDuration,
  redactSetPasswordLinks,
  renderWelcomeMessage,
  type WelcomeMessageInput,
} from '../../src/mail/welcome-message.js';

const NOW = new Date('2026-06-09T09:00:00.000Z');
const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde';

function aWelcome(overrides: Partial<WelcomeMessageInput> = {}): WelcomeMessageInput {
  return {
    organisationName: 'Acme',
    publicUrl: 'https://usersync.acme.example',
    recipient: { firstName: 'Jane', lastName: 'Doe', userName: 'jdoe', email: 'jane@acme.example' },
    token: TOKEN,
    now: NOW,
    expiresAt: new Date(NOW.getTime() + 7 * 24 * 60 * 60 * 1000),
    ...overrides,
  };
}

describe('renderWelcomeMessage', () => {
  it('names the organisation, the user and the userName, and links to /set-password with the token', () => {
    const message = renderWelcomeMessage(aWelcome());
    const link = `https://usersync.acme.example/set-password?token=${TOKEN}`;
    expect(message.subject).toBe('Welcome to Acme: choose your password');
    for (const part of [message.text, message.html]) {
      expect(part).toContain('Jane Doe');
      expect(part).toContain('jdoe');
      expect(part).toContain('Acme');
      expect(part).toContain(link);
    }
  });

  it('says when the link expires, in words and as a date in the user’s time zone', () => {
    const message = renderWelcomeMessage(aWelcome({ timeZone: 'Europe/Paris' }));
    expect(message.text).toContain('expires in 7 days');
    expect(message.text).toContain('16 June 2026 at 11:00 (Europe/Paris)');
    expect(renderWelcomeMessage(aWelcome({ timeZone: 'Not/AZone' })).text).toContain('09:00 (UTC)');
  });

  it('HTML-escapes everything user-provided', () => {
    const message = renderWelcomeMessage(
      aWelcome({
        organisationName: 'A&B <Corp>',
        recipient: {
          firstName: '<script>alert(1)</script>',
          lastName: '"Doe"',
          userName: "o'neil",
          email: 'x@acme.example',
        },
      }),
    );
    expect(message.html).not.toContain('<script>');
    expect(message.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(message.html).toContain('&quot;Doe&quot;');
    expect(message.html).toContain('o&#39;neil');
    expect(message.html).toContain('A&amp;B &lt;Corp&gt;');
    expect(message.text).toContain('<script>alert(1)</script>');
  });

  it('keeps the subject on one line whatever the organisation name holds', () => {
    const message = renderWelcomeMessage(aWelcome({ organisationName: 'Acme\r\nBcc: evil@x' }));
    expect(message.subject).toBe('Welcome to Acme Bcc: evil@x: choose your password');
    expect(message.subject).not.toMatch(/[\r\n]/);
  });

  it('greets by userName when the user has no name', () => {
    const message = renderWelcomeMessage(
      aWelcome({
        recipient: { firstName: '', lastName: '', userName: 'svc', email: 's@x.example' },
      }),
    );
    expect(message.text.startsWith('Hello svc,')).toBe(true);
  });

  it('never carries a password', () => {
    const message = renderWelcomeMessage(aWelcome());
    expect(`${message.text}${message.html}`).not.toMatch(/password\s*:/i);
  });

  it('renders the same input to the same message', () => {
    expect(renderWelcomeMessage(aWelcome())).toEqual(renderWelcomeMessage(aWelcome()));
  });
});

describe('describeDuration', () => {
  it.each([
    [7 * 86_400_000, '7 days'],
    [86_400_000, '1 day'],
    [36 * 3_600_000, '2 days'],
    [5 * 3_600_000, '5 hours'],
    [90_000, '2 minutes'],
    [1_000, '1 minute'],
  ])('describes %i ms as %s', (ms, words) => {
    expect(describeDuration(ms)).toBe(words);
  });
});

describe('redactSetPasswordLinks', () => {
  it('removes the token from every link and keeps the rest', () => {
    const message = renderWelcomeMessage(aWelcome());
    const redacted = redactSetPasswordLinks(message.html);
    expect(redacted).not.toContain(TOKEN);
    expect(redacted).toContain('/set-password?token=redacted');
    expect(redacted).toContain('Jane Doe');
  });
});
