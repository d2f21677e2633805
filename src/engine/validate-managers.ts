/**
 * The `manager` rules of SPEC §4.1: a manager must exist or be created by a valid row of the same
 * file, must not be the user themself, and managers must not form a cycle. A cycle is judged on
 * what the file says on top of the directory: a row's manager cell where the column is present,
 * the stored manager elsewhere. Every row in a cycle is an Error.
 */
import { userAt, userNamed, type DirectoryIndex } from './directory-index.js';
import { identityKey } from './normalise.js';
import { addError, type ValidatedRow } from './validate-rows.js';
import { quote } from './validate-field.js';

const isValid = (row: ValidatedRow): boolean => row.errors.length === 0;

/** Adds manager errors to `rows` (in place), until no row's manager depends on an invalid row. */
export function validateManagers(
  rows: readonly ValidatedRow[],
  directory: DirectoryIndex,
  willCreate: (row: ValidatedRow) => boolean,
): void {
  const managerColumn = rows.some((row) => row.values.manager !== undefined);
  if (!managerColumn) return;
  const named = namedManagers(rows, directory);
  const created = new Map<string, ValidatedRow>();
  for (const row of rows) {
    if (isValid(row) && willCreate(row) && named.has(row.userNameKey))
      created.set(row.userNameKey, row);
  }

  // Rows whose manager is a user that only this file creates, by that manager's key.
  const dependents = new Map<string, ValidatedRow[]>();
  const newlyInvalid: ValidatedRow[] = [];
  const links = new ManagerLinks(rows.length);
  rows.forEach((row, position) => {
    const manager = row.values.manager;
    if (manager === undefined || manager === '' || !isValid(row)) return;
    const managerKey = identityKey(manager);
    const managerUser = directory.byUserName.get(managerKey);
    links.keep(position, managerKey, managerUser);
    if (managerKey === row.userNameKey) {
      addError(row, {
        row: row.source.row,
        field: 'manager',
        code: 'manager-self',
        message: `manager ${quote(manager)} is the user themself: leave it blank or name another user`,
      });
      newlyInvalid.push(row);
    } else if (managerUser !== undefined) {
      return;
    } else if (created.has(managerKey)) {
      const list = dependents.get(managerKey);
      if (list === undefined) dependents.set(managerKey, [row]);
      else list.push(row);
    } else {
      addError(row, {
        row: row.source.row,
        field: 'manager',
        code: 'manager-not-found',
        message: `manager ${quote(manager)} is not an existing user nor created by this file: check the userName`,
      });
      newlyInvalid.push(row);
    }
  });

  let pending = newlyInvalid;
  for (;;) {
    invalidateDependents(pending, created, dependents);
    pending = flagCycles(rows, directory, links, named);
    if (pending.length === 0) return;
  }
}

/**
 * The key of every user named as a manager, by a row of the file or by a stored user: the only
 * keys that the rules look a file row up by. Rows of other new users are left out of the maps
 * by key, which would otherwise hold every new user of a big file (1M of them) while it is
 * validated.
 */
function namedManagers(rows: readonly ValidatedRow[], directory: DirectoryIndex): Set<string> {
  const named = new Set<string>();
  for (const row of rows) {
    const manager = row.values.manager;
    if (manager !== undefined && manager !== '') named.add(identityKey(manager));
  }
  for (let position = 0; position < directory.users.length; position++) {
    const manager = userAt(directory, position)?.fields.manager ?? '';
    if (manager !== '') named.add(identityKey(manager));
  }
  return named;
}

/** A row that became invalid no longer creates its user: rows it would have managed fail too. */
function invalidateDependents(
  invalid: readonly ValidatedRow[],
  created: Map<string, ValidatedRow>,
  dependents: ReadonlyMap<string, readonly ValidatedRow[]>,
): void {
  const queue = [...invalid];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    if (created.get(next.userNameKey) !== next) continue;
    created.delete(next.userNameKey);
    for (const row of dependents.get(next.userNameKey) ?? []) {
      if (row.errors.some((error) => error.field === 'manager')) continue;
      const wasValid = isValid(row);
      addError(row, {
        row: row.source.row,
        field: 'manager',
        code: 'manager-not-found',
        message: `manager ${quote(row.values.manager ?? '')} is not created, because row ${next.source.row} that creates them has errors`,
      });
      if (wasValid) queue.push(row);
    }
  }
}

/**
 * Each row's manager key and that manager's directory position (-1: none), kept by row position
 * when the manager rules first look them up, so that the cycle search needs no hash lookup to
 * step from a row to its manager.
 */
class ManagerLinks {
  private readonly keys: (string | undefined)[];
  private readonly users: Int32Array;

  constructor(rowCount: number) {
    this.keys = new Array<string | undefined>(rowCount).fill(undefined);
    this.users = new Int32Array(rowCount);
  }

  keep(row: number, managerKey: string, managerUser: number | undefined): void {
    this.keys[row] = managerKey;
    this.users[row] = managerUser ?? -1;
  }

  /** The manager key kept for row `row`, if any. */
  keyOf(row: number): string | undefined {
    return this.keys[row];
  }

  /** The directory position of row `row`'s manager (-1: none); only once `keyOf` gave a key. */
  userOf(row: number): number {
    return this.users[row] ?? -1;
  }
}

/** A user in the cycle search: the valid file row and the directory user under one key. */
interface Node {
  /** Position of the file row valid when the search began, or -1. */
  row: number;
  /** Position of the directory user, or -1. */
  user: number;
}

/**
 * Finds manager cycles that pass through a valid row of the file and marks those rows. Each user
 * has at most one manager, so one walk per unvisited user finds every cycle in linear time.
 */
function flagCycles(
  rows: readonly ValidatedRow[],
  directory: DirectoryIndex,
  links: ManagerLinks,
  named: ReadonlySet<string>,
): ValidatedRow[] {
  // The rows valid when the search begins (a row flagged on the way still counts, as it did when
  // its cycle was found): by directory position in an array, and only the rows of users the
  // directory lacks in a map, if they are named as a manager: a walk steps only to managers.
  // Valid rows have distinct keys (duplicates are Errors).
  const rowOfUser = new Int32Array(directory.users.length).fill(-1);
  const rowOfNewUser = new Map<string, number>();
  const starts: number[] = [];
  rows.forEach((row, position) => {
    if (!isValid(row)) return;
    starts.push(position);
    if (row.userPosition >= 0) rowOfUser[row.userPosition] = position;
    else if (named.has(row.userNameKey)) rowOfNewUser.set(row.userNameKey, position);
  });
  const rowAt = (position: number): ValidatedRow | undefined =>
    position >= 0 ? rows[position] : undefined;
  const nodeOf = (key: string, user = directory.byUserName.get(key) ?? -1): Node => ({
    row: user >= 0 ? (rowOfUser[user] ?? -1) : (rowOfNewUser.get(key) ?? -1),
    user,
  });

  /** The key of the manager of `node` (under `key`), and where that manager is. */
  const managerOf = (key: string, node: Node): [string, Node | null] => {
    const row = rowAt(node.row);
    if (row?.values.manager !== undefined) {
      const kept = links.keyOf(node.row);
      if (kept !== undefined)
        return [kept, kept === '' ? null : nodeOf(kept, links.userOf(node.row))];
      return [row.values.manager === '' ? '' : identityKey(row.values.manager), null];
    }
    const stored = userAt(directory, node.user)?.fields.manager ?? '';
    return [stored === '' ? '' : identityKey(stored), null];
  };

  // The walk that first reached each user (0: none yet), by row or directory position, else by
  // key. A walk stops at a user some walk has reached; it closes a cycle when it is this walk's.
  const walkOfRow = new Int32Array(rows.length);
  const walkOfUser = new Int32Array(directory.users.length);
  const walkOfOther = new Map<string, number>();
  const walkOf = (key: string, node: Node): number =>
    node.row >= 0
      ? (walkOfRow[node.row] ?? 0)
      : node.user >= 0
        ? (walkOfUser[node.user] ?? 0)
        : (walkOfOther.get(key) ?? 0);
  const setWalk = (key: string, node: Node, walk: number): void => {
    if (node.row >= 0) walkOfRow[node.row] = walk;
    else if (node.user >= 0) walkOfUser[node.user] = walk;
    else walkOfOther.set(key, walk);
  };

  const path: string[] = [];
  const invalid: ValidatedRow[] = [];
  let walk = 0;
  for (const start of starts) {
    if (walkOfRow[start] !== 0) continue;
    const startRow = rows[start];
    if (startRow === undefined) continue;
    walk += 1;
    path.length = 0;
    let key = startRow.userNameKey;
    let node: Node = { row: start, user: startRow.userPosition };
    let reached = 0;
    while (key !== '' && reached === 0) {
      setWalk(key, node, walk);
      path.push(key);
      const [managerKey, managerNode] = managerOf(key, node);
      key = managerKey;
      if (key === '') break;
      node = managerNode ?? nodeOf(key);
      reached = walkOf(key, node);
    }
    if (key !== '' && reached === walk) flagCycle(path.slice(path.indexOf(key)));
  }
  return invalid;

  function flagCycle(cycle: readonly string[]): void {
    const names = cycle.map(
      (member) =>
        rowAt(nodeOf(member).row)?.values.userName ??
        userNamed(directory, member)?.fields.userName ??
        member,
    );
    for (const member of cycle) {
      const row = rowAt(nodeOf(member).row);
      if (row === undefined) continue;
      addError(row, {
        row: row.source.row,
        field: 'manager',
        code: 'manager-cycle',
        message: `manager ${quote(row.values.manager ?? '')} makes a cycle of managers (${[...names, names[0] ?? ''].join(' → ')}): one of them must report elsewhere`,
      });
      invalid.push(row);
    }
  }
}
