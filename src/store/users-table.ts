/**
 * The `users` table's bulk-write shape: the columns a created user fills, in order, and how a
 * planned `CreateUser` becomes one row of them.
 */
import type { CreateUser } from '../engine/plan.js';
import { identityKey } from '../engine/normalise.js';
import { textColumn, type BulkTable } from './insert-rows.js';
import { COLUMN_FIELDS, FIELD_COLUMN } from './user-columns.js';

/** The columns of a created user. */
export const USERS_TABLE: BulkTable = {
  table: 'users',
  columns: [
    textColumn('id'),
    textColumn('user_name_key'),
    textColumn('email_key'),
    ...COLUMN_FIELDS.map((field) => textColumn(FIELD_COLUMN[field])),
    textColumn('manager_id'),
    textColumn('status'),
    textColumn('auth_method'),
    textColumn('role'),
    textColumn('created_by_config_id'),
    textColumn('created_at'),
    textColumn('updated_at'),
  ],
};

/** A planned user as a row of USERS_TABLE (role `user`; a sync never makes administrators). */
export function createdUserRow(
  change: CreateUser,
  id: string,
  managerId: string | null,
  configId: string,
  now: string,
): (string | null)[] {
  const row: (string | null)[] = [
    id,
    identityKey(change.fields.userName),
    identityKey(change.fields.email),
  ];
  for (const field of COLUMN_FIELDS) row.push(change.fields[field]);
  row.push(managerId, change.status, change.authMethod, 'user', configId, now, now);
  return row;
}
