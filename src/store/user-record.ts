/**
 * A stored user as the repositories return it: the engine's `DirectoryUser` plus what the
 * administration pages show. The password hash is never part of it.
 */
import { sql } from 'kysely';
import { blankUserFields, type DirectoryUser } from '../engine/directory.js';
import type { Db } from './store-db.js';
import {
  COLUMN_FIELDS,
  FIELD_COLUMN,
  parseAuthMethod,
  parseRole,
  parseStatus,
  textOrNull,
} from './user-columns.js';

/** A user with its bookkeeping. */
export interface UserRecord extends DirectoryUser {
  /** Whether a password is set (the hash itself stays in the store). */
  readonly hasPassword: boolean;
  /** The sync configuration that created the user, or null (created by hand, or deleted). */
  readonly createdByConfigId: string | null;
  /** ISO 8601 UTC. */
  readonly createdAt: string;
  /** ISO 8601 UTC. */
  readonly updatedAt: string;
}

/** Selects the columns of a UserRecord from `users as u`, the manager's userName included. */
export function selectUserRecords(db: Db) {
  return db.kysely
    .selectFrom('users as u')
    .leftJoin('users as m', 'm.id', 'u.manager_id')
    .selectAll('u')
    .select([
      sql<string | null>`m.user_name`.as('manager_name'),
      sql<number>`case when u.password_hash is null then 0 else 1 end`.as('has_password'),
    ]);
}

type UserRecordQuery = ReturnType<typeof selectUserRecords>;
type UserRecordRow = Awaited<ReturnType<UserRecordQuery['executeTakeFirstOrThrow']>>;

/** Maps a selected row to a UserRecord. */
export function toUserRecord(row: UserRecordRow): UserRecord {
  const fields = blankUserFields();
  const columns: Readonly<Record<string, unknown>> = row;
  for (const field of COLUMN_FIELDS) {
    const value = columns[FIELD_COLUMN[field]];
    if (typeof value === 'string') fields[field] = value;
  }
  fields.manager = textOrNull(row.manager_name) ?? '';
  return {
    id: row.id,
    fields,
    status: parseStatus(row.status),
    authMethod: parseAuthMethod(row.auth_method),
    role: parseRole(row.role),
    hasPassword: row.has_password === 1,
    createdByConfigId: row.created_by_config_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
