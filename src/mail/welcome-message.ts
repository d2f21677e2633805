/**
 * The welcome e-mail (SPEC §4.6, issue 7): who it is for, at which organisation, the user name to
 * sign in with, and a single-use link to choose a password with when it expires. It never
 * carries a password. Pure: the same input renders the same message. Everything that comes from
 * a user or a setting is HTML-escaped in the HTML part.
 */

/** The path of the set-password page, relative to the public URL. */
export const SET_PASSWORD_PATH = '/set-password';

/** The user the message is for; fields as stored ("" when blank). */
export interface WelcomeRecipient {
  readonly firstName: string;
  readonly middleName?: string;
  readonly lastName: string;
  /** What the user signs in with. */
  readonly userName: string;
  readonly email: string;
}

/** Everything the welcome message says. */
export interface WelcomeMessageInput {
  /** Shown in the subject, the greeting and the signature. */
  readonly organisationName: string;
  /** `MailSettings.publicUrl`: no trailing slash. */
  readonly publicUrl: string;
  readonly recipient: WelcomeRecipient;
  /** The token's text (not its hash): it goes into the link. */
  readonly token: string;
  /** When the message is rendered; the expiry in words counts from here. */
  readonly now: Date;
  /** When the link stops working. */
  readonly expiresAt: Date;
  /** An IANA time zone for the expiry date (the user's `timezone`); UTC when blank or unknown. */
  readonly timeZone?: string;
}

/** A rendered message, ready for the outbox. */
export interface RenderedMessage {
  /** One line, no control characters. */
  readonly subject: string;
  /** The plain-text part. */
  readonly text: string;
  /** The HTML part. */
  readonly html: string;
}

/** The set-password link for a token: `${publicUrl}/set-password?token=…`. */
export function setPasswordLink(publicUrl: string, token: string): string {
  return `${publicUrl}${SET_PASSWORD_PATH}?token=${encodeURIComponent(token)}`;
}

/**
 * Replaces the token in every set-password link of a text by `redacted`, so that a message kept
 * after it was sent no longer holds a usable link (the store may keep the redacted bodies).
 */
export function redactSetPasswordLinks(text: string): string {
  return text.replace(/(\/set-password\?token=)[A-Za-z0-9_%-]+/g, '$1redacted');
}

/** Renders the welcome message's subject, plain-text part and HTML part. */
export function renderWelcomeMessage(input: WelcomeMessageInput): RenderedMessage {
  const organisation = singleLine(input.organisationName);
  const { recipient } = input;
  const fullName = [recipient.firstName, recipient.middleName ?? '', recipient.lastName]
    .map((part) => singleLine(part))
    .filter((part) => part !== '')
    .join(' ');
  const greetingName = fullName === '' ? singleLine(recipient.userName) : fullName;
  const userName = singleLine(recipient.userName);
  const link = setPasswordLink(input.publicUrl, input.token);
  const within = describeDuration(input.expiresAt.getTime() - input.now.getTime());
  const until = formatDate(input.expiresAt, input.timeZone);

  const subject = `Welcome to ${organisation}: choose your password`;

  const text = [
    `Hello ${greetingName},`,
    '',
    `An account has been created for you at ${organisation}.`,
    '',
    `Your user name: ${userName}`,
    '',
    'To choose your password, open this link:',
    link,
    '',
    `The link works once and expires in ${within}, on ${until}.`,
    'If it has expired, ask your administrator to send you a new one.',
    '',
    'If you did not expect this e-mail, you can ignore it.',
    '',
    `— ${organisation}`,
    '',
  ].join('\n');

  const e = escapeHtml;
  const html = [
    '<!DOCTYPE html>',
    '<html>',
    '<head><meta charset="utf-8"><title>' + e(subject) + '</title></head>',
    '<body style="font-family: sans-serif; line-height: 1.5;">',
    `<p>Hello ${e(greetingName)},</p>`,
    `<p>An account has been created for you at <strong>${e(organisation)}</strong>.</p>`,
    `<p>Your user name: <strong>${e(userName)}</strong></p>`,
    `<p><a href="${e(link)}">Choose your password</a></p>`,
    `<p>Or copy this link into your browser:<br>${e(link)}</p>`,
    `<p>The link works once and expires in ${e(within)}, on ${e(until)}.`,
    'If it has expired, ask your administrator to send you a new one.</p>',
    '<p>If you did not expect this e-mail, you can ignore it.</p>',
    `<p>— ${e(organisation)}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');

  return { subject, text, html };
}

/** Escapes the five characters that matter in HTML text and attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Collapses control characters (line breaks included) and runs of spaces into one space. */
function singleLine(value: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return value.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** "7 days", "1 day", "12 hours", "30 minutes": the largest unit that fits, rounded. */
export function describeDuration(ms: number): string {
  const plural = (count: number, unit: string): string =>
    `${count} ${unit}${count === 1 ? '' : 's'}`;
  if (ms >= DAY_MS) return plural(Math.round(ms / DAY_MS), 'day');
  if (ms >= HOUR_MS) return plural(Math.round(ms / HOUR_MS), 'hour');
  return plural(Math.max(1, Math.round(ms / MINUTE_MS)), 'minute');
}

/** "Tuesday, 16 June 2026 at 09:00 (UTC)", in the given IANA time zone or UTC. */
function formatDate(date: Date, timeZone: string | undefined): string {
  const zone = isTimeZone(timeZone) ? timeZone : 'UTC';
  const formatted = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: zone,
  }).format(date);
  return `${formatted} (${zone})`;
}

function isTimeZone(timeZone: string | undefined): timeZone is string {
  if (timeZone === undefined || timeZone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}
