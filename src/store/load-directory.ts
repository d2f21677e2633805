/**
 * Loads the whole directory as the engine's `DirectorySnapshot`, fast: 100k users in well under
 * a second. Rows are read as arrays (SQLite `.raw()`) and each user's fields are built in one
 * object literal; the manager's id becomes the manager's userName in a second pass over the
 * loaded users.
 */
import { ValuePool } from '../engine/value-pool.js';
import type { DirectorySnapshot, DirectoryUser } from '../engine/directory.js';
import { FIELD_NAMES, type FieldName, type TextField } from '../engine/fields.js';
import {
  COLUMN_FIELDS,
  FIELD_COLUMNS,
  parseAuthMethod,
  parseRole,
  parseStatus,
  text,
  type ColumnField,
} from './user-columns.js';
import { runInTransaction } from './run-in-transaction.js';
import { withRawSqlite, type Db } from './store-db.js';
import { streamRows } from './stream-rows.js';

const SELECT_COLUMNS = ['id', ...FIELD_COLUMNS, 'manager_id', 'status', 'auth_method', 'role'];
const SELECT_SQL = `select ${SELECT_COLUMNS.join(', ')} from users`;
const MANAGER_AT = 1 + FIELD_COLUMNS.length;

/**
 * SELECT_SQL with each user's manager's userName as one more, last, column: the database
 * resolves managers (for the directory thread, whose rows then need no second pass here).
 */
export const SELECT_NAMING_MANAGERS_SQL = `select ${SELECT_COLUMNS.map((column) => `u.${column}`).join(', ')}, m.user_name from users u left join users m on m.id = u.manager_id`;
const MANAGER_NAME_AT = SELECT_COLUMNS.length;

/** Where each stored field's column is in a row of SELECT_COLUMNS. */
const AT = Object.fromEntries(COLUMN_FIELDS.map((field, index) => [field, index + 1])) as Record<
  ColumnField,
  number
>;

/** Where each field is in FIELD_NAMES (the pool's columns). */
const FIELD_AT = Object.fromEntries(FIELD_NAMES.map((field, index) => [field, index])) as Record<
  FieldName,
  number
>;

/**
 * A stored column's text, pooled (a million users repeat their departments, titles, locales…)
 * unless the cells come pooled already (`pool` null).
 */
function pooledText(pool: ValuePool | null, position: number, cell: unknown): string {
  return pool === null ? text(cell) : pool.value(position, text(cell));
}

/**
 * A row (in SELECT_COLUMNS order) as a user, `fields.manager` still "". The fields are one
 * literal with the keys of `blankUserFields` in its order, so every user gets the same shape at
 * once instead of growing it through 22 keyed stores (a megamorphic site, one name each); each
 * value is pooled as it is made, not by keyed loads and stores afterwards.
 */
function toUser(
  row: readonly unknown[],
  pool: ValuePool | null,
): {
  user: DirectoryUser;
  fields: Record<TextField, string>;
} {
  const fields: Record<TextField, string> = {
    userName: pooledText(pool, FIELD_AT.userName, row[AT.userName]),
    email: pooledText(pool, FIELD_AT.email, row[AT.email]),
    firstName: pooledText(pool, FIELD_AT.firstName, row[AT.firstName]),
    lastName: pooledText(pool, FIELD_AT.lastName, row[AT.lastName]),
    middleName: pooledText(pool, FIELD_AT.middleName, row[AT.middleName]),
    title: pooledText(pool, FIELD_AT.title, row[AT.title]),
    department: pooledText(pool, FIELD_AT.department, row[AT.department]),
    division: pooledText(pool, FIELD_AT.division, row[AT.division]),
    costCenter: pooledText(pool, FIELD_AT.costCenter, row[AT.costCenter]),
    phone: pooledText(pool, FIELD_AT.phone, row[AT.phone]),
    location: pooledText(pool, FIELD_AT.location, row[AT.location]),
    address1: pooledText(pool, FIELD_AT.address1, row[AT.address1]),
    address2: pooledText(pool, FIELD_AT.address2, row[AT.address2]),
    city: pooledText(pool, FIELD_AT.city, row[AT.city]),
    state: pooledText(pool, FIELD_AT.state, row[AT.state]),
    zip: pooledText(pool, FIELD_AT.zip, row[AT.zip]),
    country: pooledText(pool, FIELD_AT.country, row[AT.country]),
    locale: pooledText(pool, FIELD_AT.locale, row[AT.locale]),
    timezone: pooledText(pool, FIELD_AT.timezone, row[AT.timezone]),
    languageName: pooledText(pool, FIELD_AT.languageName, row[AT.languageName]),
    manager: '',
    cField1: pooledText(pool, FIELD_AT.cField1, row[AT.cField1]),
    cField2: pooledText(pool, FIELD_AT.cField2, row[AT.cField2]),
  };
  const user: DirectoryUser = {
    id: text(row[0]),
    fields,
    status: parseStatus(row[MANAGER_AT + 1]),
    authMethod: parseAuthMethod(row[MANAGER_AT + 2]),
    role: parseRole(row[MANAGER_AT + 3]),
  };
  return { user, fields };
}

/**
 * Builds the snapshot from the `users` rows (arrays in SELECT_COLUMNS order) as they are read,
 * wherever they come from (SQLite, PostgreSQL, the directory thread). A row may be reused by the
 * caller once `add` returns.
 */
export class DirectoryBuilder {
  /**
   * `pool` makes equal values one string; null when they are already (the directory thread's
   * rows share each distinct value). `managersNamed`: the rows are SELECT_NAMING_MANAGERS_SQL's.
   */
  constructor(
    private readonly pool: ValuePool | null,
    private readonly managersNamed = false,
  ) {}

  private readonly users: DirectoryUser[] = [];
  /** At the same index as `users`: its still writable fields and its manager's id. */
  private readonly fields: Record<TextField, string>[] = [];
  private readonly managerIds: (string | null)[] = [];

  add(row: readonly unknown[]): void {
    const user = toUser(row, this.pool);
    this.users.push(user.user);
    if (this.managersNamed) {
      const managerName = row[MANAGER_NAME_AT];
      if (typeof managerName === 'string') user.fields.manager = managerName;
      return;
    }
    this.fields.push(user.fields);
    const managerId = row[MANAGER_AT];
    this.managerIds.push(typeof managerId === 'string' ? managerId : null);
  }

  /** The snapshot, with each `fields.manager` the manager's userName ("" for none). */
  finish(): DirectorySnapshot {
    const { users, fields, managerIds } = this;
    if (this.managersNamed) return { users };
    const userNameById = new Map<string, string>();
    for (const user of users) userNameById.set(user.id, user.fields.userName);
    managerIds.forEach((managerId, index) => {
      const managed = fields[index];
      if (managerId !== null && managed !== undefined) {
        managed.manager = userNameById.get(managerId) ?? '';
      }
    });
    return { users };
  }
}

/**
 * Every user. Each row is converted as it is stepped (SQLite) or as it arrives (PostgreSQL,
 * `streamRows`), so the 100k (or 1M) rows die young instead of all being held beside the users
 * made from them (SQLite, measured: reading pages of 4096 rows with `.all()` is no faster).
 */
async function loadUsers(db: Db): Promise<DirectoryBuilder> {
  const builder = new DirectoryBuilder(new ValuePool());
  const fromSqlite = await withRawSqlite(db, (raw) => {
    const stepped = raw.prepare(SELECT_SQL).raw(true).iterate() as Iterable<unknown[]>;
    for (const row of stepped) builder.add(row);
    return builder;
  });
  if (fromSqlite !== null) return fromSqlite;
  if (!db.inTransaction) return runInTransaction(db, loadUsers);
  const client = db.postgres?.client;
  if (client == null) throw new Error('a PostgreSQL transaction without its client');
  await streamRows(client, SELECT_SQL, [], (row) => {
    builder.add(row);
  });
  return builder;
}

/**
 * Every user, with `fields.manager` as the manager's userName ("" for none). Pass the
 * transaction's handle inside an apply so the snapshot is the one the apply changes.
 */
export async function loadDirectory(db: Db): Promise<DirectorySnapshot> {
  return (await loadUsers(db)).finish();
}
