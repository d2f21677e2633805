/**
 * The server's configuration, parsed once at start-up from the environment into a frozen
 * object (STYLE.md: parse, don't re-check). A wrong value stops start-up with a message naming
 * the variable. `parseServerConfig` is pure; the session secret's file is handled by
 * `resolveSessionSecret` (session-secret.ts).
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { MailSettingsError, parseMailSettings, type MailSettings } from '../mail/mail-settings.js';
import { isPostgresUrl } from '../store/open-store.js';

const MIB = 1024 * 1024;

/** Everything the server reads from the environment. */
export interface ServerConfig {
  /** TCP port (PORT, default 3000). */
  readonly port: number;
  /** Interface to listen on (HOST, default 127.0.0.1: only this machine, until you decide). */
  readonly host: string;
  /** Where people reach the server, without a trailing slash (PUBLIC_URL). */
  readonly publicUrl: string;
  /** Whether cookies are marked Secure: PUBLIC_URL is https. */
  readonly secureCookies: boolean;
  /** A postgres:// URL, or undefined for the embedded SQLite database (DATABASE_URL). */
  readonly databaseUrl: string | undefined;
  /** The data directory, absolute (USERSYNC_DATA_DIR, default ./data). */
  readonly dataDir: string;
  /** SESSION_SECRET if given; otherwise undefined and a generated one is kept in the data dir. */
  readonly sessionSecret: string | undefined;
  /**
   * The spreadsheet reader's limits set in the environment (USERSYNC_MAX_*). Only the variables
   * that are set appear; they win over the limits in the settings, which win over the reader's
   * defaults (100 MiB upload, 1 GiB part, 200:1 ratio, 1,000,000 rows).
   */
  readonly readLimits: Partial<{
    readonly maxUploadBytes: number;
    readonly maxPartBytes: number;
    readonly maxCompressionRatio: number;
    readonly maxRows: number;
  }>;
  /** pino level (LOG_LEVEL, default info). */
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Trust X-Forwarded-For from a reverse proxy (TRUST_PROXY, default false). */
  readonly trustProxy: boolean;
  /** Mail settings (SMTP_URL, MAIL_FROM, ORGANISATION_NAME, PUBLIC_URL, SET_PASSWORD_LINK_DAYS). */
  readonly mail: MailSettings;
}

/** Thrown when the environment is wrong; the message names every wrong variable. */
export class ServerConfigError extends Error {
  override readonly name = 'ServerConfigError';
}

const blankAsUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const whole = (fallback: number, min: number, max: number) =>
  z.preprocess(
    blankAsUndefined,
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
      .optional()
      .transform((value) => value ?? fallback),
  );

const optionalWhole = (min: number, max: number) =>
  z.preprocess(
    blankAsUndefined,
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
      .optional(),
  );

const EnvSchema = z.object({
  PORT: whole(3000, 1, 65_535),
  HOST: z.preprocess(blankAsUndefined, z.string().trim().default('127.0.0.1')),
  DATABASE_URL: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .trim()
      .refine(
        isPostgresUrl,
        'must be a postgres:// or postgresql:// URL (leave it unset for SQLite)',
      )
      .optional(),
  ),
  USERSYNC_DATA_DIR: z.preprocess(blankAsUndefined, z.string().default('./data')),
  SESSION_SECRET: z.preprocess(
    blankAsUndefined,
    z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)').optional(),
  ),
  USERSYNC_MAX_UPLOAD_MIB: optionalWhole(1, 10_240),
  USERSYNC_MAX_PART_MIB: optionalWhole(1, 65_536),
  USERSYNC_MAX_COMPRESSION_RATIO: optionalWhole(2, 100_000),
  USERSYNC_MAX_ROWS: optionalWhole(1, 100_000_000),
  LOG_LEVEL: z.preprocess(
    blankAsUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  TRUST_PROXY: z.preprocess(
    blankAsUndefined,
    z
      .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
      .default('false')
      .transform((value) => value === 'true' || value === '1'),
  ),
});

/** Parses the environment; throws `ServerConfigError` naming each wrong variable. */
export function parseServerConfig(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string = process.cwd(),
): ServerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${String(issue.path[0] ?? 'environment')} ${issue.message}`,
    );
    throw new ServerConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const values = parsed.data;
  let mail: MailSettings;
  try {
    const publicUrl = env.PUBLIC_URL?.trim() ?? '';
    mail = parseMailSettings({
      ...env,
      PUBLIC_URL: publicUrl === '' ? `http://localhost:${values.PORT}` : publicUrl,
    });
  } catch (error) {
    if (error instanceof MailSettingsError) throw new ServerConfigError(error.message);
    throw error;
  }
  return Object.freeze({
    port: values.PORT,
    host: values.HOST,
    publicUrl: mail.publicUrl,
    secureCookies: mail.publicUrl.startsWith('https:'),
    databaseUrl: values.DATABASE_URL,
    dataDir: resolve(cwd, values.USERSYNC_DATA_DIR),
    sessionSecret: values.SESSION_SECRET,
    readLimits: Object.freeze({
      ...(values.USERSYNC_MAX_UPLOAD_MIB === undefined
        ? {}
        : { maxUploadBytes: values.USERSYNC_MAX_UPLOAD_MIB * MIB }),
      ...(values.USERSYNC_MAX_PART_MIB === undefined
        ? {}
        : { maxPartBytes: values.USERSYNC_MAX_PART_MIB * MIB }),
      ...(values.USERSYNC_MAX_COMPRESSION_RATIO === undefined
        ? {}
        : { maxCompressionRatio: values.USERSYNC_MAX_COMPRESSION_RATIO }),
      ...(values.USERSYNC_MAX_ROWS === undefined ? {} : { maxRows: values.USERSYNC_MAX_ROWS }),
    }),
    logLevel: values.LOG_LEVEL,
    trustProxy: values.TRUST_PROXY,
    mail,
  });
}
