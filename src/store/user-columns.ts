/**
 * How a user's template fields map to the `users` table's columns. `manager` is not a column:
 * the table holds `manager_id`, and the repositories translate it to and from a userName.
 */
import { TEXT_FIELDS, type TextField } from '../engine/fields.js';
import type { AuthMethod, UserRole, UserStatus } from '../engine/directory.js';

/** The text fields stored as columns of their own (all but `manager`). */
export type ColumnField = Exclude<TextField, 'manager'>;

/** Every text field but `manager`, in template order. */
export const COLUMN_FIELDS: readonly ColumnField[] = TEXT_FIELDS.filter(
  (field): field is ColumnField => field !== 'manager',
);

/** `costCenter` → `cost_center`, `cField1` → `c_field1`. */
function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** The column of each stored text field. */
export const FIELD_COLUMN: Readonly<Record<ColumnField, string>> = Object.fromEntries(
  COLUMN_FIELDS.map((field) => [field, snakeCase(field)]),
) as Record<ColumnField, string>;

/** The columns of the stored text fields, in COLUMN_FIELDS order. */
export const FIELD_COLUMNS: readonly string[] = COLUMN_FIELDS.map((field) => FIELD_COLUMN[field]);

const STATUSES: readonly string[] = ['active', 'inactive'] satisfies UserStatus[];
const AUTH_METHODS: readonly string[] = ['password', 'sso'] satisfies AuthMethod[];
const ROLES: readonly string[] = ['user', 'admin'] satisfies UserRole[];

/** Parses a stored status (the table's CHECK constraint guarantees one of the two). */
export function parseStatus(value: unknown): UserStatus {
  if (typeof value === 'string' && STATUSES.includes(value)) return value as UserStatus;
  throw new Error(`unexpected user status in the database: ${String(value)}`);
}

/** Parses a stored auth method. */
export function parseAuthMethod(value: unknown): AuthMethod {
  if (typeof value === 'string' && AUTH_METHODS.includes(value)) return value as AuthMethod;
  throw new Error(`unexpected auth method in the database: ${String(value)}`);
}

/** Parses a stored role. */
export function parseRole(value: unknown): UserRole {
  if (typeof value === 'string' && ROLES.includes(value)) return value as UserRole;
  throw new Error(`unexpected role in the database: ${String(value)}`);
}

/** A nullable text column. */
export function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A text column that is NOT NULL in the schema. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

/** The text-field columns of a `users` row (all but user_name and email), from a getter. */
export function fieldColumnValues(get: (field: ColumnField) => string) {
  return {
    first_name: get('firstName'),
    last_name: get('lastName'),
    middle_name: get('middleName'),
    title: get('title'),
    department: get('department'),
    division: get('division'),
    cost_center: get('costCenter'),
    phone: get('phone'),
    location: get('location'),
    address1: get('address1'),
    address2: get('address2'),
    city: get('city'),
    state: get('state'),
    zip: get('zip'),
    country: get('country'),
    locale: get('locale'),
    timezone: get('timezone'),
    language_name: get('languageName'),
    c_field1: get('cField1'),
    c_field2: get('cField2'),
  };
}
