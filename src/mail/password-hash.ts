/**
 * Password hashing for users and administrators (issues 5 and 7): argon2id through the `argon2`
 * package, with RFC 9106's second recommended parameters (64 MiB, 3 passes, 4 lanes; about a
 * tenth of a second on the reference machine). The encoded hash carries its own salt and
 * parameters, so raising them later only needs `needsRehash` at the next sign-in.
 */
import argon2 from 'argon2';

/** The argon2id parameters of new hashes. */
export const PASSWORD_HASH_OPTIONS = Object.freeze({
  type: argon2.argon2id,
  /** KiB of memory per hash: 64 MiB. */
  memoryCost: 65_536,
  /** Passes over the memory. */
  timeCost: 3,
  /** Lanes. */
  parallelism: 4,
});

/**
 * Passwords are compared after Unicode NFC normalisation, so the same password typed on
 * systems that compose accents differently still matches.
 */
function normalise(password: string): string {
  return password.normalize('NFC');
}

/** Hashes a password; the result is an encoded `$argon2id$…` string with its own random salt. */
export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(normalise(password), PASSWORD_HASH_OPTIONS);
}

/**
 * Whether a password matches an encoded hash made by `hashPassword`. Throws when the stored
 * hash is not an argon2 hash at all: that is corrupt data, not a wrong password.
 */
export async function verifyPassword(encodedHash: string, password: string): Promise<boolean> {
  return argon2.verify(encodedHash, normalise(password));
}

/** Whether a stored hash was made with weaker parameters than today's and should be redone. */
export function needsRehash(encodedHash: string): boolean {
  return argon2.needsRehash(encodedHash, PASSWORD_HASH_OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password against a stored hash, or, when the account has none (unknown user, no
 * password yet), against a dummy hash and answers false: both paths take the same time, so a
 * sign-in form does not tell which accounts exist.
 */
export async function verifyPasswordOrDummy(
  encodedHash: string | null,
  password: string,
): Promise<boolean> {
  if (encodedHash !== null) return verifyPassword(encodedHash, password);
  dummyHash ??= hashPassword('usersync dummy password, never matched');
  await verifyPassword(await dummyHash, password);
  return false;
}
