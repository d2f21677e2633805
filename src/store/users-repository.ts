/**
 * Users: lookups, the administration list, creating users by hand (the first administrator),
 * status changes and manual edits — each change with its audit entries. Sync runs write users
 * through `writePlan` instead.
 */
import { newId } from './new-id.js';
import type { AuthMethod, UserRole, UserStatus } from '../engine/directory.js';
import type { TextField } from '../engine/fields.js';
import { identityKey } from '../engine/normalise.js';
import { sql } from 'kysely';
import { appendAudit, type Actor, type AuditEntryInput } from './audit-log-repository.js';
import { containsText } from './contains-text.js';
import { runInTransaction } from './run-in-transaction.js';
import { nowText, toCount, type Db } from './store-db.js';
import { StoreError } from './store-error.js';
import { FIELD_COLUMN, fieldColumnValues, type ColumnField } from './user-columns.js';
import { selectUserRecords, toUserRecord, type UserRecord } from './user-record.js';

export type { UserRecord } from './user-record.js';

/** The user with this id, or null. */
export async function getUserById(db: Db, id: string): Promise<UserRecord | null> {
  const row = await selectUserRecords(db).where('u.id', '=', id).executeTakeFirst();
  return row === undefined ? null : toUserRecord(row);
}

/** The user whose userName has the same identity key (trimmed, NFC, case-folded), or null. */
export async function getUserByUserName(db: Db, userName: string): Promise<UserRecord | null> {
  const row = await selectUserRecords(db)
    .where('u.user_name_key', '=', identityKey(userName))
    .executeTakeFirst();
  return row === undefined ? null : toUserRecord(row);
}

/** For signing in: the user whose userName or email matches `login`, with the password hash. */
export async function findUserForSignIn(
  db: Db,
  login: string,
): Promise<{ user: UserRecord; passwordHash: string | null } | null> {
  const key = identityKey(login);
  if (key === '') return null;
  const row = await selectUserRecords(db)
    .where((eb) => eb.or([eb('u.user_name_key', '=', key), eb('u.email_key', '=', key)]))
    .executeTakeFirst();
  return row === undefined ? null : { user: toUserRecord(row), passwordHash: row.password_hash };
}

/** Filters and paging of the users list. */
export interface UserListFilter {
  /** Matches userName, email, first or last name (case-insensitive substring). */
  readonly search?: string;
  readonly status?: UserStatus;
  readonly authMethod?: AuthMethod;
  readonly role?: UserRole;
  /** true: only users created by a sync; false: only users created by hand. */
  readonly createdBySync?: boolean;
  /** Default 100. */
  readonly limit?: number;
  readonly offset?: number;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** A page of users ordered by userName, and how many match in all. */
export async function listUsers(
  db: Db,
  filter: UserListFilter = {},
): Promise<{ users: UserRecord[]; total: number }> {
  let query = selectUserRecords(db);
  const search = filter.search?.trim() ?? '';
  if (search !== '') {
    const key = identityKey(search);
    const lower = search.toLowerCase();
    query = query.where((eb) =>
      eb.or([
        containsText('u.user_name_key', key),
        containsText('u.email_key', key),
        sql<boolean>`lower(u.first_name) like ${likePattern(lower)} escape '\\'`,
        sql<boolean>`lower(u.last_name) like ${likePattern(lower)} escape '\\'`,
      ]),
    );
  }
  if (filter.status !== undefined) query = query.where('u.status', '=', filter.status);
  if (filter.authMethod !== undefined) {
    query = query.where('u.auth_method', '=', filter.authMethod);
  }
  if (filter.role !== undefined) query = query.where('u.role', '=', filter.role);
  if (filter.createdBySync !== undefined) {
    query = query.where('u.created_by_config_id', filter.createdBySync ? 'is not' : 'is', null);
  }
  const counted = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll().as('total'))
    .executeTakeFirst();
  const rows = await query
    .orderBy('u.user_name_key')
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0)
    .execute();
  return { users: rows.map(toUserRecord), total: toCount(counted?.total) };
}

/** A user created by hand. */
export interface NewUser {
  /** Template fields; userName, email, firstName and lastName are required by the caller. */
  readonly fields: Readonly<Partial<Record<TextField, string>>> & {
    readonly userName: string;
    readonly email: string;
  };
  readonly status?: UserStatus;
  readonly authMethod?: AuthMethod;
  readonly role?: UserRole;
  readonly passwordHash?: string | null;
}

async function managerIdFor(db: Db, userName: string): Promise<string | null> {
  if (userName.trim() === '') return null;
  const manager = await db.kysely
    .selectFrom('users')
    .select('id')
    .where('user_name_key', '=', identityKey(userName))
    .executeTakeFirst();
  if (manager === undefined) {
    throw new StoreError('not-found', `no user named "${userName}" to be the manager`);
  }
  return manager.id;
}

async function assertFree(db: Db, column: 'user_name_key' | 'email_key', key: string, but = '') {
  if (key === '') return;
  const taken = await db.kysely
    .selectFrom('users')
    .select('id')
    .where(column, '=', key)
    .where('id', '<>', but)
    .executeTakeFirst();
  if (taken !== undefined) {
    const what = column === 'email_key' ? 'email' : 'userName';
    throw new StoreError('user-taken', `another user already has this ${what}`);
  }
}

/** Creates a user by hand; refuses a taken userName or email (`StoreError('user-taken')`). */
export async function createUser(db: Db, input: NewUser, actor: Actor): Promise<UserRecord> {
  return runInTransaction(db, async (tx) => {
    const userNameKey = identityKey(input.fields.userName);
    const emailKey = identityKey(input.fields.email);
    await assertFree(tx, 'user_name_key', userNameKey);
    await assertFree(tx, 'email_key', emailKey);
    const id = newId();
    const now = nowText();
    await tx.kysely
      .insertInto('users')
      .values({
        ...fieldColumnValues((field) => (input.fields[field] ?? '').trim()),
        id,
        user_name: input.fields.userName.trim(),
        user_name_key: userNameKey,
        email: input.fields.email.trim(),
        email_key: emailKey,
        manager_id: await managerIdFor(tx, input.fields.manager ?? ''),
        status: input.status ?? 'active',
        auth_method: input.authMethod ?? 'password',
        role: input.role ?? 'user',
        password_hash: input.passwordHash ?? null,
        created_by_config_id: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await appendAudit(tx, [{ actor, action: 'user.create', userId: id }], now);
    const created = await getUserById(tx, id);
    if (created === null) throw new Error('the created user was not found');
    return created;
  });
}

/** Creates an administrator (role `admin`), e.g. the first one at setup. */
export function createAdmin(db: Db, input: Omit<NewUser, 'role'>, actor: Actor) {
  return createUser(db, { ...input, role: 'admin' }, actor);
}

async function requireUser(db: Db, userId: string): Promise<UserRecord> {
  const user = await getUserById(db, userId);
  if (user === null) throw new StoreError('not-found', 'no such user');
  return user;
}

/** Activates or deactivates one user by hand, with an audit entry; no-op if unchanged. */
export async function setUserStatus(
  db: Db,
  userId: string,
  status: UserStatus,
  actor: Actor,
): Promise<UserRecord> {
  return runInTransaction(db, async (tx) => {
    const user = await requireUser(tx, userId);
    if (user.status === status) return user;
    const now = nowText();
    await tx.kysely
      .updateTable('users')
      .set({ status, updated_at: now })
      .where('id', '=', userId)
      .execute();
    const entry: AuditEntryInput = {
      actor,
      action: 'user.status',
      userId,
      field: 'active',
      before: String(user.status === 'active'),
      after: String(status === 'active'),
    };
    await appendAudit(tx, [entry], now);
    return requireUser(tx, userId);
  });
}

/** The fields a manual edit may change: every text field but the identity. */
export type EditableField = Exclude<TextField, 'userName'>;

/**
 * Edits fields by hand (values already validated by the caller), with one audit entry per field
 * that changes. `manager` is a userName ("" clears it); a taken email is refused.
 */
export async function updateUserFields(
  db: Db,
  userId: string,
  set: Readonly<Partial<Record<EditableField, string>>>,
  actor: Actor,
): Promise<UserRecord> {
  return runInTransaction(db, async (tx) => {
    const user = await requireUser(tx, userId);
    const changes: Record<string, string | null> = {};
    const entries: AuditEntryInput[] = [];
    for (const [field, value] of Object.entries(set)) {
      const name = field as EditableField;
      if (user.fields[name] === value) continue;
      entries.push({
        actor,
        action: 'user.update',
        userId,
        field: name,
        before: user.fields[name],
        after: value,
      });
      if (name === 'manager') {
        const managerId = await managerIdFor(tx, value);
        if (managerId === userId)
          throw new StoreError('not-found', 'a user cannot manage themself');
        changes.manager_id = managerId;
      } else {
        changes[FIELD_COLUMN[name as ColumnField]] = value;
        if (name === 'email') {
          await assertFree(tx, 'email_key', identityKey(value), userId);
          changes.email_key = identityKey(value);
        }
      }
    }
    if (entries.length === 0) return user;
    const now = nowText();
    await tx.kysely
      .updateTable('users')
      .set({ ...changes, updated_at: now })
      .where('id', '=', userId)
      .execute();
    await appendAudit(tx, entries, now);
    return requireUser(tx, userId);
  });
}

/** Stores a password hash (set-password flow); the caller hashes. */
export async function setPasswordHash(db: Db, userId: string, hash: string): Promise<void> {
  await db.kysely
    .updateTable('users')
    .set({ password_hash: hash, updated_at: nowText() })
    .where('id', '=', userId)
    .execute();
}

/** How many users there are, and how many are active (for seats). */
export async function countUsers(db: Db): Promise<{ total: number; active: number }> {
  const row = await db.kysely
    .selectFrom('users')
    .select((eb) => [
      eb.fn.countAll().as('total'),
      eb.fn.sum(eb.case().when('status', '=', 'active').then(1).else(0).end()).as('active'),
    ])
    .executeTakeFirst();
  return { total: toCount(row?.total), active: toCount(row?.active) };
}
