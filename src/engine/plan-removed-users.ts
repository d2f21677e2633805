/**
 * Users removed from the file (SPEC §4.5): users of the baseline who are missing from this file.
 * A user whose row is in the file, even an Error row, is never missing.
 */
import { userAt, type DirectoryIndex } from './directory-index.js';
import { KeyMarks } from './key-marks.js';
import { identityKey } from './normalise.js';
import type { PlanInput } from './plan-input.js';
import { adminProtection, NONE, type PlanState } from './plan-state.js';
import type { FieldChange, RowClass, RowOutcome } from './plan.js';
import type { DirectoryUser } from './directory.js';
import type { ValidatedRow } from './validate-rows.js';

/** The removed users' effect on the new baseline. */
export interface RemovedUsers {
  /** The userNames of the new baseline: every row of the file, then the users carried forward. */
  readonly baseline: readonly string[];
  /** How many missing users this run deactivates (what the safeguard counts). */
  readonly deactivations: number;
}

/** Adds the outcomes and changes for users missing from the file to `state`. */
export function planRemovedUsers(
  rows: readonly ValidatedRow[],
  input: PlanInput,
  index: DirectoryIndex,
  state: PlanState,
): RemovedUsers {
  // The userName keys met so far: the file's rows, then (so that each counts once) the
  // baseline's users. Directory users are marked by position, not hashed again.
  const met = new KeyMarks(index.users.length);
  const repeatable = keysThatMayRepeat(rows);
  const baseline: string[] = [];
  for (const row of rows) {
    const userName = (row.values.userName ?? row.source.values.userName ?? '').trim();
    const known = row.userNameKey !== '';
    const key = known ? row.userNameKey : identityKey(userName);
    if (key === '') continue;
    const position = known ? row.userPosition : (index.byUserName.get(key) ?? -1);
    // A key that no other row has and no directory user holds needs no mark: nothing later looks
    // it up (the baseline's users below matter only if the directory holds them). So the
    // 1M new users of a big file are not all hashed into a set.
    if (position < 0 && known && !repeatable.has(key)) baseline.push(userName);
    else if (!met.mark(key, position)) baseline.push(userName);
  }
  const rule = input.config.removedUsers;
  let deactivations = 0;
  if (input.baseline === null || rule === 'no-action') return { baseline, deactivations };

  for (const previous of input.baseline) {
    const key = identityKey(previous);
    const position = index.byUserName.get(key) ?? -1;
    if (met.mark(key, position)) continue;
    const user = userAt(index, position);
    if (user === undefined) continue;
    if (rule === 'ignore') {
      baseline.push(user.fields.userName);
      state.outcomes.push(missingOutcome(user, 'skipped', 'missing from file — ignored', NONE));
      continue;
    }
    if (user.status !== 'active') continue;
    const protection = adminProtection(user, input.actorId, state.activeAdmins);
    if (protection !== null) {
      baseline.push(user.fields.userName);
      state.outcomes.push(
        missingOutcome(user, 'skipped', `missing from file — ${protection}`, NONE),
      );
      continue;
    }
    if (user.role === 'admin') state.activeAdmins -= 1;
    state.deactivated += 1;
    deactivations += 1;
    state.changes.push({
      kind: 'update',
      row: null,
      userId: user.id,
      userName: user.fields.userName,
      set: {},
      status: 'inactive',
    });
    state.outcomes.push(
      missingOutcome(user, 'deactivated', 'missing from file — deactivated', [
        { field: 'active', from: 'true', to: 'false' },
      ]),
    );
  }
  return { baseline, deactivations };
}

/**
 * The userName keys that more than one row may have: those of rows flagged as duplicate
 * userNames (validation flags every row of a repeated key) and those of rows whose userName did
 * not validate (their key is made here from the cell). Any other row's key is its own.
 */
function keysThatMayRepeat(rows: readonly ValidatedRow[]): Set<string> {
  const keys = new Set<string>();
  for (const row of rows) {
    if (row.userNameKey === '') {
      const key = identityKey((row.source.values.userName ?? '').trim());
      if (key !== '') keys.add(key);
    } else if (row.errors.some((error) => error.code === 'duplicate-username')) {
      keys.add(row.userNameKey);
    }
  }
  return keys;
}

function missingOutcome(
  user: DirectoryUser,
  rowClass: RowClass,
  reason: string,
  changes: readonly FieldChange[],
): RowOutcome {
  return {
    row: null,
    userName: user.fields.userName,
    email: user.fields.email,
    userId: user.id,
    class: rowClass,
    reason,
    changes,
    errors: NONE,
    openConflicts: 0,
  };
}
