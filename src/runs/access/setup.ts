/**
 * First-run setup: while no administrator exists, anyone who can reach the server may create
 * the first one (role admin, a password checked by the policy and hashed with argon2id). Once
 * an administrator exists, setup is gone (the API answers 404): further administrators are
 * made by administrators.
 */
import { hashPassword } from '../../mail/password-hash.js';
import { checkPassword } from '../../mail/password-policy.js';
import { createAdmin, listUsers, type UserRecord } from '../../store/users-repository.js';
import { StoreError } from '../../store/store-error.js';
import type { Db } from '../../store/store-db.js';
import { AppError } from '../app-error.js';
import type { AccessContext } from './access-context.js';

/** The first administrator's details (already shaped by the caller: trimmed, e-mail checked). */
export interface SetupInput {
  readonly userName: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly password: string;
}

async function hasAdmin(db: Db): Promise<boolean> {
  const { total } = await listUsers(db, { role: 'admin', limit: 1 });
  return total > 0;
}

/** Whether setup is still needed: no administrator exists yet. */
export async function isSetupNeeded(ctx: AccessContext): Promise<boolean> {
  return !(await hasAdmin(ctx.store.db));
}

/**
 * Creates the first administrator. Throws `not-found` once one exists, `invalid-input` with the
 * password policy's problems (`details.problems`), or when the userName or e-mail is taken.
 */
export async function setUpFirstAdmin(ctx: AccessContext, input: SetupInput): Promise<UserRecord> {
  if (!(await isSetupNeeded(ctx))) throw setupDone();
  const problems = checkPassword(input.password, input);
  if (problems.length > 0) {
    throw new AppError('invalid-input', problems.map((p) => p.message).join(' '), {
      fields: problems.map((problem) => ({ field: 'body.password', message: problem.message })),
      problems,
    });
  }
  const passwordHash = await hashPassword(input.password);
  try {
    return await ctx.store.transaction(async (tx) => {
      if (await hasAdmin(tx)) throw setupDone();
      const fields = {
        userName: input.userName,
        email: input.email,
        firstName: input.firstName,
        lastName: input.lastName,
      };
      return createAdmin(
        tx,
        { fields, status: 'active', authMethod: 'password', passwordHash },
        { id: null, name: 'setup' },
      );
    });
  } catch (error) {
    if (error instanceof StoreError && error.code === 'user-taken') {
      throw new AppError('invalid-input', error.message);
    }
    throw error;
  }
}

function setupDone(): AppError {
  return new AppError('not-found', 'Setup is done: an administrator already exists. Sign in.');
}
