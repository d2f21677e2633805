/**
 * The `manager` rules of SPEC §4.1: a manager must exist or be created by a valid row of the same
 * file, must not be the user themself, and managers must not form a cycle. A cycle is judged on
 * what the file says on top of the directory: a row's manager cell where the column is present,
 * the stored manager elsewhere. Every row in a cycle is an Error.
 */
import { userNamed, type DirectoryIndex } from './directory-index.js';
import { identityKey } from './normalise.js';
import type { ValidatedRow } from './validate-rows.js';
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
  const created = new Map<string, ValidatedRow>();
  for (const row of rows) if (isValid(row) && willCreate(row)) created.set(row.userNameKey, row);

  // Rows whose manager is a user that only this file creates, by that manager's key.
  const dependents = new Map<string, ValidatedRow[]>();
  const newlyInvalid: ValidatedRow[] = [];
  for (const row of rows) {
    const manager = row.values.manager;
    if (manager === undefined || manager === '' || !isValid(row)) continue;
    const managerKey = identityKey(manager);
    if (managerKey === row.userNameKey) {
      row.errors.push({
        row: row.source.row,
        field: 'manager',
        code: 'manager-self',
        message: `manager ${quote(manager)} is the user themself: leave it blank or name another user`,
      });
      newlyInvalid.push(row);
    } else if (directory.byUserName.has(managerKey)) {
      continue;
    } else if (created.has(managerKey)) {
      const list = dependents.get(managerKey);
      if (list === undefined) dependents.set(managerKey, [row]);
      else list.push(row);
    } else {
      row.errors.push({
        row: row.source.row,
        field: 'manager',
        code: 'manager-not-found',
        message: `manager ${quote(manager)} is not an existing user nor created by this file: check the userName`,
      });
      newlyInvalid.push(row);
    }
  }

  let pending = newlyInvalid;
  for (;;) {
    invalidateDependents(pending, created, dependents);
    pending = flagCycles(rows, directory);
    if (pending.length === 0) return;
  }
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
      row.errors.push({
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
 * Finds manager cycles that pass through a valid row of the file and marks those rows. Each user
 * has at most one manager, so one walk per unvisited user finds every cycle in linear time.
 */
function flagCycles(rows: readonly ValidatedRow[], directory: DirectoryIndex): ValidatedRow[] {
  // The rows valid when the search begins, by key (a row flagged on the way still counts, as it
  // did when its cycle was found). A key's walk state lives in an array by row position for
  // these rows and in a map for the directory's other users, so that a step through the file
  // costs one hash lookup instead of four.
  const positionOf = new Map<string, number>();
  rows.forEach((row, position) => {
    if (isValid(row)) positionOf.set(row.userNameKey, position);
  });
  const rowOf = (position: number | undefined): ValidatedRow | undefined =>
    position === undefined ? undefined : rows[position];

  /** The key of the manager of the user under `key` (a file row at `position`, if any). */
  const managerOf = (key: string, position: number | undefined): string => {
    const manager = rowOf(position)?.values.manager;
    if (manager !== undefined) return manager === '' ? '' : identityKey(manager);
    const stored = userNamed(directory, key)?.fields.manager ?? '';
    return stored === '' ? '' : identityKey(stored);
  };

  // The walk that first reached each key (0: none yet). A walk stops at a key some walk has
  // reached; the key closes a cycle when it is this walk's own.
  const walkOfRow = new Int32Array(rows.length);
  const walkOfOther = new Map<string, number>();
  const walkOf = (key: string, position: number | undefined): number =>
    position === undefined ? (walkOfOther.get(key) ?? 0) : (walkOfRow[position] ?? 0);

  const path: string[] = [];
  const invalid: ValidatedRow[] = [];
  let walk = 0;
  for (const [start, startPosition] of positionOf) {
    if (walkOfRow[startPosition] !== 0) continue;
    walk += 1;
    path.length = 0;
    let key = start;
    let position: number | undefined = startPosition;
    let reached = 0;
    while (key !== '' && reached === 0) {
      if (position === undefined) walkOfOther.set(key, walk);
      else walkOfRow[position] = walk;
      path.push(key);
      key = managerOf(key, position);
      position = key === '' ? undefined : positionOf.get(key);
      reached = key === '' ? 0 : walkOf(key, position);
    }
    if (key !== '' && reached === walk) {
      const cycle = path.slice(path.indexOf(key));
      const names = cycle.map(
        (member) =>
          rowOf(positionOf.get(member))?.values.userName ??
          userNamed(directory, member)?.fields.userName ??
          member,
      );
      for (const member of cycle) {
        const row = rowOf(positionOf.get(member));
        if (row === undefined) continue;
        row.errors.push({
          row: row.source.row,
          field: 'manager',
          code: 'manager-cycle',
          message: `manager ${quote(row.values.manager ?? '')} makes a cycle of managers (${[...names, names[0] ?? ''].join(' → ')}): one of them must report elsewhere`,
        });
        invalid.push(row);
      }
    }
  }
  return invalid;
}
