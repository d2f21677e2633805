/**
 * Mail settings, read once at start-up from the environment (STYLE.md: parse, don't re-check).
 * `parseMailSettings` is pure: an env-like record in, a frozen `MailSettings` out, or a
 * `MailSettingsError` whose message names every variable that is wrong. Without `SMTP_URL` the
 * settings say `delivery.kind = 'not-configured'`: messages are still rendered and queued, but
 * the sender holds them as "not sent: no mail server configured".
 */
import { z } from 'zod';
import { DEFAULT_TOKEN_LIFETIME_MS } from './password-token.js';

/** The environment variables this module reads. */
export type MailVariable =
  'SMTP_URL' | 'MAIL_FROM' | 'ORGANISATION_NAME' | 'PUBLIC_URL' | 'SET_PASSWORD_LINK_DAYS';

/** An e-mail address with its display name ("" for none). */
export interface MailAddress {
  /** The display name, shown by mail clients instead of the address. */
  readonly name: string;
  /** The bare address, `local@domain`. */
  readonly address: string;
}

/** Delivery through an SMTP server, from `SMTP_URL`. */
export interface SmtpDelivery {
  readonly kind: 'smtp';
  /** `SMTP_URL` as given (credentials included): what nodemailer's `createTransport` takes. */
  readonly url: string;
  /** The same URL with the password replaced by `***`, safe to log and show. */
  readonly redactedUrl: string;
  /** `smtps://`: TLS from the first byte (usually port 465); `smtp://` may upgrade with STARTTLS. */
  readonly secure: boolean;
  readonly host: string;
  /** The port, defaulted to 465 for `smtps://` and 587 for `smtp://`. */
  readonly port: number;
  /** The user name to authenticate with, or null to send without authentication. */
  readonly user: string | null;
}

/** No mail server: messages stay in the outbox, readable in the mailbox page and the CLI. */
export interface NoDelivery {
  readonly kind: 'not-configured';
}

/** Everything the mail module needs from the environment. */
export interface MailSettings {
  /** How messages leave the outbox. */
  readonly delivery: SmtpDelivery | NoDelivery;
  /** The From of every message; its display name defaults to the organisation's name. */
  readonly from: MailAddress;
  /** The domain of `from`, the right-hand side of every Message-ID. */
  readonly messageIdHost: string;
  /** The organisation's name, in subjects and greetings. */
  readonly organisationName: string;
  /** Where usersync is reached by users, without a trailing slash; links start with it. */
  readonly publicUrl: string;
  /** How long a set-password link works, in milliseconds. */
  readonly setPasswordLinkLifetimeMs: number;
}

/** One wrong variable. The message never repeats a secret. */
export interface MailSettingsProblem {
  readonly variable: MailVariable;
  readonly message: string;
}

/** Thrown by `parseMailSettings` when the environment is wrong; the message names each variable. */
export class MailSettingsError extends Error {
  /** Every wrong variable, in the order of the schema. */
  readonly problems: readonly MailSettingsProblem[];

  constructor(problems: readonly MailSettingsProblem[]) {
    super(
      `Invalid mail settings: ${problems.map((p) => `${p.variable}: ${p.message}`).join('; ')}`,
    );
    this.name = 'MailSettingsError';
    this.problems = problems;
  }
}

/** The public URL when `PUBLIC_URL` is not set: the embedded server on this machine. */
export const DEFAULT_PUBLIC_URL = 'http://localhost:3000';
/** The organisation's name when `ORGANISATION_NAME` is not set. */
export const DEFAULT_ORGANISATION_NAME = 'usersync';
/** The From address when no mail server is configured (messages never leave the machine). */
export const DEFAULT_MAIL_FROM = 'usersync@localhost';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Blank or missing → undefined; otherwise trimmed. */
const optionalText = z
  .string()
  .optional()
  .transform((value) => {
    const trimmed = value?.trim() ?? '';
    return trimmed === '' ? undefined : trimmed;
  });

const SmtpUrlSchema = z.string().transform((raw, ctx): SmtpDelivery => {
  const shape = 'must look like smtp://user:pass@host:587 or smtps://user:pass@host:465';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    ctx.addIssue({ code: 'custom', message: `is not a URL; it ${shape}` });
    return z.NEVER;
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    ctx.addIssue({ code: 'custom', message: `has scheme "${url.protocol}"; it ${shape}` });
    return z.NEVER;
  }
  if (url.hostname === '') {
    ctx.addIssue({ code: 'custom', message: `has no host; it ${shape}` });
    return z.NEVER;
  }
  if (url.password !== '' && url.username === '') {
    ctx.addIssue({ code: 'custom', message: 'has a password but no user name' });
    return z.NEVER;
  }
  const secure = url.protocol === 'smtps:';
  const redacted = new URL(raw);
  if (redacted.password !== '') redacted.password = '***';
  return {
    kind: 'smtp',
    url: raw,
    redactedUrl: redacted.toString(),
    secure,
    host: url.hostname,
    port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
    user: url.username === '' ? null : decodeURIComponent(url.username),
  };
});

const AddressSchema = z.email();

/** Parses `Name <local@domain>` or `local@domain` into a `MailAddress`. */
function parseMailbox(raw: string, ctx: z.RefinementCtx): MailAddress {
  const bracketed = /^(.*)<([^<>]+)>$/.exec(raw);
  const name = (bracketed?.[1] ?? '').trim().replace(/^"(.*)"$/, '$1');
  const address = (bracketed?.[2] ?? raw).trim();
  if (!AddressSchema.safeParse(address).success) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be an address like "Acme <usersync@acme.example>" or usersync@acme.example',
    });
    return z.NEVER;
  }
  return { name, address };
}

const MailFromSchema = z.string().transform(parseMailbox);

const PublicUrlSchema = z.string().transform((raw, ctx) => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not a URL, e.g. https://usersync.acme.example' });
    return z.NEVER;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: 'must start with http:// or https://' });
    return z.NEVER;
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    ctx.addIssue({ code: 'custom', message: 'must have no query, fragment or credentials' });
    return z.NEVER;
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
});

const LinkDaysSchema = z
  .string()
  .regex(/^\d+$/, 'must be a whole number of days')
  .transform(Number)
  .pipe(z.number().min(1, 'must be at least 1 day').max(90, 'must be at most 90 days'));

/** The environment variables, each parsed; blank counts as unset. */
const MailEnvSchema = z.object({
  SMTP_URL: optionalText.pipe(SmtpUrlSchema.optional()),
  MAIL_FROM: optionalText.pipe(MailFromSchema.optional()),
  ORGANISATION_NAME: optionalText.pipe(
    z.string().max(200, 'must be at most 200 characters').optional(),
  ),
  PUBLIC_URL: optionalText.pipe(PublicUrlSchema.optional()),
  SET_PASSWORD_LINK_DAYS: optionalText.pipe(LinkDaysSchema.optional()),
});

function isMailVariable(key: PropertyKey | undefined): key is MailVariable {
  return typeof key === 'string' && key in MailEnvSchema.shape;
}

/**
 * Reads the mail settings from an env-like record (`process.env` at start-up, a literal in
 * tests). Throws `MailSettingsError` naming each wrong variable; `MAIL_FROM` is required only
 * when `SMTP_URL` is set. The result and its parts are frozen.
 */
export function parseMailSettings(env: Readonly<Record<string, string | undefined>>): MailSettings {
  const parsed = MailEnvSchema.safeParse({
    SMTP_URL: env.SMTP_URL,
    MAIL_FROM: env.MAIL_FROM,
    ORGANISATION_NAME: env.ORGANISATION_NAME,
    PUBLIC_URL: env.PUBLIC_URL,
    SET_PASSWORD_LINK_DAYS: env.SET_PASSWORD_LINK_DAYS,
  });
  if (!parsed.success) {
    throw new MailSettingsError(
      parsed.error.issues.map((issue) => {
        const key = issue.path[0];
        return { variable: isMailVariable(key) ? key : 'SMTP_URL', message: issue.message };
      }),
    );
  }
  const values = parsed.data;
  if (values.SMTP_URL !== undefined && values.MAIL_FROM === undefined) {
    throw new MailSettingsError([
      { variable: 'MAIL_FROM', message: 'is required when SMTP_URL is set' },
    ]);
  }
  const organisationName = values.ORGANISATION_NAME ?? DEFAULT_ORGANISATION_NAME;
  const mailbox = values.MAIL_FROM ?? { name: '', address: DEFAULT_MAIL_FROM };
  const from = Object.freeze({
    name: mailbox.name === '' ? organisationName : mailbox.name,
    address: mailbox.address,
  });
  const delivery =
    values.SMTP_URL === undefined
      ? Object.freeze({ kind: 'not-configured' as const })
      : Object.freeze(values.SMTP_URL);
  return Object.freeze({
    delivery,
    from,
    messageIdHost: messageIdHostOf(from.address),
    organisationName,
    publicUrl: values.PUBLIC_URL ?? DEFAULT_PUBLIC_URL,
    setPasswordLinkLifetimeMs:
      values.SET_PASSWORD_LINK_DAYS === undefined
        ? DEFAULT_TOKEN_LIFETIME_MS
        : values.SET_PASSWORD_LINK_DAYS * DAY_MS,
  });
}

/** The domain of an address, lower-cased: the right-hand side of Message-IDs. */
function messageIdHostOf(address: string): string {
  const at = address.lastIndexOf('@');
  return address.slice(at + 1).toLowerCase();
}
