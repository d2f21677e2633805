/**
 * The session secret: SESSION_SECRET when given; otherwise one generated on first start and
 * kept in `<data dir>/session-secret` (mode 0600, readable by the server's user only), so
 * sessions survive restarts without any setup. Deleting the file signs everybody out.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file name of the generated secret inside the data directory. */
export const SESSION_SECRET_FILE = 'session-secret';

/** Where warnings go. */
export interface SecretLogger {
  warn(details: object, message: string): void;
}

/** The secret to use: the given one, or the data directory's (created when missing). */
export function resolveSessionSecret(
  given: string | undefined,
  dataDir: string,
  logger: SecretLogger | null = null,
): string {
  if (given !== undefined) return given;
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, SESSION_SECRET_FILE);
  try {
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
  }
  if ((statSync(path).mode & 0o077) !== 0) {
    logger?.warn({ path }, 'the session secret file is readable by other users: chmod 600 it');
  }
  const secret = readFileSync(path, 'utf8').trim();
  if (secret.length < 32) {
    throw new Error(`${path} holds less than 32 characters: delete it to generate a new secret`);
  }
  return secret;
}
