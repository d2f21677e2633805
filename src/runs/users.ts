/**
 * The directory's users as administrators manage them by hand: list, show with their change
 * history, edit fields, activate or deactivate one user.
 */
import { TEXT_FIELDS, type TextField } from '../engine/fields.js';
import type { AuthMethod, UserStatus } from '../engine/directory.js';
import { normaliseField } from '../engine/validate-field.js';
import { listAuditByUser, type AuditEntry } from '../store/audit-log-repository.js';
import { getSettings } from '../store/settings-repository.js';
import {
  countUsers,
  getUserById,
  getUserByUserName,
  listUsers,
  setUserStatus,
  updateUserFields,
  type EditableField,
  type UserRecord,
} from '../store/users-repository.js';
import { AppError } from './app-error.js';
import { translateRefusals } from './refusals.js';
import type { Actor, RunsContext } from './runs-context.js';

/** A user as shown (the password hash never is). */
export type UserView = UserRecord;

/** Filters and paging of the users list. */
export interface UserQuery {
  readonly search?: string;
  readonly status?: UserStatus;
  readonly authMethod?: AuthMethod;
  /** true: only users created by a sync; false: only users created by hand. */
  readonly createdBySync?: boolean;
  readonly offset?: number;
  /** At most 1000; default 100. */
  readonly limit?: number;
}

/** A page of users by userName, and how many match in all. */
export async function listDirectoryUsers(
  ctx: RunsContext,
  query: UserQuery = {},
): Promise<{ total: number; users: UserView[] }> {
  const limit = Math.min(Math.max(query.limit ?? 100, 1), 1000);
  return listUsers(ctx.store.db, { ...query, limit });
}

/** The user with this id or userName; `not-found` otherwise. */
export async function findDirectoryUser(ctx: RunsContext, idOrUserName: string): Promise<UserView> {
  const user =
    (await getUserById(ctx.store.db, idOrUserName)) ??
    (await getUserByUserName(ctx.store.db, idOrUserName));
  if (user === null) throw new AppError('not-found', `there is no user "${idOrUserName}"`);
  return user;
}

/** A user with their change history, newest first. */
export async function getDirectoryUser(
  ctx: RunsContext,
  idOrUserName: string,
): Promise<UserView & { readonly history: AuditEntry[] }> {
  const user = await findDirectoryUser(ctx, idOrUserName);
  return { ...user, history: await listAuditByUser(ctx.store.db, user.id, { limit: 200 }) };
}

const EDITABLE: readonly TextField[] = TEXT_FIELDS.filter((field) => field !== 'userName');

/**
 * Edits a user's fields by hand, validated by the same rules as a file's cells. The userName
 * never changes (it is the identity); `manager` names another user's userName, or "" for none.
 */
export async function editDirectoryUser(
  ctx: RunsContext,
  idOrUserName: string,
  fields: Readonly<Record<string, string>>,
  actor: Actor,
): Promise<UserView> {
  const user = await findDirectoryUser(ctx, idOrUserName);
  const set: Partial<Record<EditableField, string>> = {};
  const problems: { field: string; message: string }[] = [];
  for (const [field, raw] of Object.entries(fields)) {
    const name = EDITABLE.find((candidate) => candidate === field);
    if (name === undefined || name === 'userName') {
      problems.push({ field, message: `${field} cannot be edited` });
      continue;
    }
    const result = normaliseField(name, raw);
    if (!result.ok) problems.push({ field, message: result.message });
    else set[name] = result.value;
  }
  if (problems.length === 0 && set.manager !== undefined && set.manager !== '') {
    const manager = await getUserByUserName(ctx.store.db, set.manager);
    if (manager === null)
      problems.push({ field: 'manager', message: `there is no user "${set.manager}"` });
    else if (manager.id === user.id)
      problems.push({ field: 'manager', message: 'a user cannot manage themself' });
    else set.manager = manager.fields.userName;
  }
  if (problems.length > 0) {
    const text = problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
    throw new AppError('invalid-input', text, { problems });
  }
  return translateRefusals(() => updateUserFields(ctx.store.db, user.id, set, actor));
}

/**
 * Activates or deactivates one user. Activating respects the seat limit; an administrator
 * cannot deactivate themself, nor the last active administrator.
 */
export async function setDirectoryUserStatus(
  ctx: RunsContext,
  idOrUserName: string,
  status: UserStatus,
  actor: Actor,
): Promise<UserView> {
  const user = await findDirectoryUser(ctx, idOrUserName);
  if (user.status === status) return user;
  if (status === 'active') {
    const settings = await getSettings(ctx.store.db);
    const { active } = await countUsers(ctx.store.db);
    if (
      settings.licensing === 'named' &&
      settings.seatLimit !== null &&
      active + 1 > settings.seatLimit
    ) {
      throw new AppError(
        'seat-limit',
        `activating ${user.fields.userName} would exceed the seat limit of ${settings.seatLimit} (${active} active users now)`,
      );
    }
  } else if (user.role === 'admin') {
    if (user.id === actor.id) {
      throw new AppError('forbidden', 'you cannot deactivate yourself; ask another administrator');
    }
    const { total } = await listUsers(ctx.store.db, { role: 'admin', status: 'active', limit: 1 });
    if (total <= 1) {
      throw new AppError('forbidden', `${user.fields.userName} is the last active administrator`);
    }
  }
  return translateRefusals(() => setUserStatus(ctx.store.db, user.id, status, actor));
}
