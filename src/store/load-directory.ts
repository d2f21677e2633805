/**
 * Loads the whole directory as the engine's `DirectorySnapshot`, fast: 100k users in well under
 * a second. Rows are read as arrays (SQLite `.raw()`) and each user's fields are built in one
 * object literal; the manager's id becomes the manager's userName in a second pass over the
 * loaded users.
 */
import { ValuePool } from '../engine/value-pool.js';
import { CompiledQuery } from 'kysely';
import type { DirectorySnapshot, DirectoryUser } from '../engine/directory.js';
import type { TextField } from '../engine/fields.js';
import { FIELD_COLUMN, parseAuthMethod, parseRole, parseStatus } from './user-columns.js';
import { withRawSqlite, type Db } from './store-db.js';

/**
 * The text fields in the order `blankUserFields` makes them, `manager` (filled in later) last:
 * the literal in `toUser` reads the columns in this order.
 */
const LOADED_FIELDS = [
  'userName',
  'email',
  'firstName',
  'lastName',
  'middleName',
  'title',
  'department',
  'division',
  'costCenter',
  'phone',
  'location',
  'address1',
  'address2',
  'city',
  'state',
  'zip',
  'country',
  'locale',
  'timezone',
  'languageName',
  'cField1',
  'cField2',
] as const satisfies readonly Exclude<TextField, 'manager'>[];

const SELECT_COLUMNS = [
  'id',
  ...LOADED_FIELDS.map((field) => FIELD_COLUMN[field]),
  'manager_id',
  'status',
  'auth_method',
  'role',
];
const SELECT_SQL = `select ${SELECT_COLUMNS.join(', ')} from users`;
const MANAGER_AT = 1 + LOADED_FIELDS.length;

/** A NOT NULL text column. */
const text = (value: unknown): string => (typeof value === 'string' ? value : String(value));

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
    userName: text(row[1]),
    email: text(row[2]),
    firstName: text(row[3]),
    lastName: text(row[4]),
    middleName: text(row[5]),
    title: text(row[6]),
    department: text(row[7]),
    division: text(row[8]),
    costCenter: text(row[9]),
    phone: text(row[10]),
    location: text(row[11]),
    address1: text(row[12]),
    address2: text(row[13]),
    city: text(row[14]),
    state: text(row[15]),
    zip: text(row[16]),
    country: text(row[17]),
    locale: text(row[18]),
    timezone: text(row[19]),
    languageName: text(row[20]),
    manager: '',
    cField1: text(row[21]),
    cField2: text(row[22]),
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
 * Every user. SQLite converts each row as it is stepped, so the 100k (or 1M) row arrays die
 * young instead of all being held beside the users made from them (measured: reading pages of
 * 4096 rows with `.all()` is no faster).
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
  const result = await db.kysely.executeQuery<Record<string, unknown>>(
    CompiledQuery.raw(SELECT_SQL),
  );
  for (const row of result.rows)
    addRow(
      loaded,
      SELECT_COLUMNS.map((column) => row[column]),
      pool,
    );
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
