/**
 * Loads the whole directory as the engine's `DirectorySnapshot`, fast: 100k users in well under
 * a second. Rows are read as arrays (SQLite `.raw()`) and each user's fields are built in one
 * object literal; the manager's id becomes the manager's userName in a second pass over the
 * loaded users.
 */
import { ValuePool } from '../engine/value-pool.js';
import type { DirectorySnapshot, DirectoryUser } from '../engine/directory.js';
import type { TextField } from '../engine/fields.js';
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

/** Where each stored field's column is in a row of SELECT_COLUMNS. */
const AT = Object.fromEntries(COLUMN_FIELDS.map((field, index) => [field, index + 1])) as Record<
  ColumnField,
  number
>;

/**
 * A row (in SELECT_COLUMNS order) as a user, `fields.manager` still "". The fields are one
 * literal with the keys of `blankUserFields` in its order, so every user gets the same shape at
 * once instead of growing it through 22 keyed stores (a megamorphic site, one name each).
 */
function toUser(row: readonly unknown[]): {
  user: DirectoryUser;
  fields: Record<TextField, string>;
} {
  const fields: Record<TextField, string> = {
    userName: text(row[AT.userName]),
    email: text(row[AT.email]),
    firstName: text(row[AT.firstName]),
    lastName: text(row[AT.lastName]),
    middleName: text(row[AT.middleName]),
    title: text(row[AT.title]),
    department: text(row[AT.department]),
    division: text(row[AT.division]),
    costCenter: text(row[AT.costCenter]),
    phone: text(row[AT.phone]),
    location: text(row[AT.location]),
    address1: text(row[AT.address1]),
    address2: text(row[AT.address2]),
    city: text(row[AT.city]),
    state: text(row[AT.state]),
    zip: text(row[AT.zip]),
    country: text(row[AT.country]),
    locale: text(row[AT.locale]),
    timezone: text(row[AT.timezone]),
    languageName: text(row[AT.languageName]),
    manager: '',
    cField1: text(row[AT.cField1]),
    cField2: text(row[AT.cField2]),
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

/** Every user; at the same index, its still writable fields and its manager's id. */
interface Loaded {
  readonly users: DirectoryUser[];
  readonly fields: Record<TextField, string>[];
  readonly managerIds: (string | null)[];
}

function addRow(loaded: Loaded, row: readonly unknown[], pool: ValuePool): void {
  const user = toUser(row);
  // A million users repeat their departments, titles, locales…: one string per value.
  pool.poolFields(user.fields);
  loaded.users.push(user.user);
  loaded.fields.push(user.fields);
  const managerId = row[MANAGER_AT];
  loaded.managerIds.push(typeof managerId === 'string' ? managerId : null);
}

/**
 * Every user. Each row is converted as it is stepped (SQLite) or as it arrives (PostgreSQL,
 * `streamRows`), so the 100k (or 1M) rows die young instead of all being held beside the users
 * made from them (SQLite, measured: reading pages of 4096 rows with `.all()` is no faster).
 */
async function loadUsers(db: Db): Promise<Loaded> {
  const loaded: Loaded = { users: [], fields: [], managerIds: [] };
  const pool = new ValuePool();
  const fromSqlite = await withRawSqlite(db, (raw) => {
    const stepped = raw.prepare(SELECT_SQL).raw(true).iterate() as Iterable<unknown[]>;
    for (const row of stepped) addRow(loaded, row, pool);
    return loaded;
  });
  if (fromSqlite !== null) return fromSqlite;
  if (!db.inTransaction) return runInTransaction(db, loadUsers);
  const client = db.postgres?.client;
  if (client == null) throw new Error('a PostgreSQL transaction without its client');
  await streamRows(client, SELECT_SQL, [], (row) => {
    addRow(loaded, row, pool);
  });
  return loaded;
}

/**
 * Every user, with `fields.manager` as the manager's userName ("" for none). Pass the
 * transaction's handle inside an apply so the snapshot is the one the apply changes.
 */
export async function loadDirectory(db: Db): Promise<DirectorySnapshot> {
  const { users, fields, managerIds } = await loadUsers(db);
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
