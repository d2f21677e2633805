/**
 * The `manager` rules of SPEC §4.1: a manager must exist or be created by a valid row of the same
 * file, must not be the user themself, and managers must not form a cycle. A cycle is judged on
 * what the file says on top of the directory: a row's manager cell where the column is present,
 * the stored manager elsewhere. Every row in a cycle is an Error.
 */
import type { DirectoryIndex } from './directory-index.js';
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
  const fileRows = new Map<string, ValidatedRow>();
  for (const row of rows) if (isValid(row)) fileRows.set(row.userNameKey, row);

  const managerOf = (key: string): string => {
    const row = fileRows.get(key);
    if (row?.values.manager !== undefined) {
      return row.values.manager === '' ? '' : identityKey(row.values.manager);
    }
    const stored = directory.byUserName.get(key)?.fields.manager ?? '';
    return stored === '' ? '' : identityKey(stored);
  };

  // The walk that first reached each key. A walk stops at a key some walk has reached; the key
  // closes a cycle when it is this walk's own. Numbering the walks spares a second pass that
  // marks every key of a finished walk as done, and one path array serves every walk.
  const walkOf = new Map<string, number>();
  const path: string[] = [];
  const invalid: ValidatedRow[] = [];
  let walk = 0;
  for (const start of fileRows.keys()) {
    walk += 1;
    path.length = 0;
    let key = start;
    let reached = walkOf.get(key);
    while (key !== '' && reached === undefined) {
      walkOf.set(key, walk);
      path.push(key);
      key = managerOf(key);
      reached = key === '' ? undefined : walkOf.get(key);
    }
    if (key !== '' && reached === walk) {
      const cycle = path.slice(path.indexOf(key));
      const names = cycle.map(
        (member) =>
          fileRows.get(member)?.values.userName ??
          directory.byUserName.get(member)?.fields.userName ??
          member,
      );
      for (const member of cycle) {
        const row = fileRows.get(member);
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
