/**
 * The status a row gives an existing user (SPEC §4.2 and §4.4): Inactive users, the `active`
 * column and its conflict strategy.
 */
import { strategyFor, type SyncConfig } from './config.js';
import type { DecisionBook } from './decisions.js';
import type { DirectoryUser, UserStatus } from './directory.js';
import type { FieldConflict } from './resolve-fields.js';
import type { ValidatedRow } from './validate-rows.js';

/** What resolving a status needs of the plan. */
export interface StatusContext {
  readonly config: SyncConfig;
  /** The `active` value a Force value rule gives, or null. */
  readonly forcedActive: boolean | null;
  readonly book: DecisionBook;
}

/** The status an existing user ends with, an Ask conflict on `active` if any, and why. */
export interface StatusPlan {
  readonly status: UserStatus;
  readonly conflict: FieldConflict | null;
  readonly note: string | null;
}

// The status plans without a conflict, made once: resolveStatus runs for every existing user.
const STAYS_ACTIVE: StatusPlan = { status: 'active', conflict: null, note: null };
const STAYS_INACTIVE: StatusPlan = { status: 'inactive', conflict: null, note: null };
const UPDATE_ONLY: StatusPlan = {
  status: 'inactive',
  conflict: null,
  note: 'stays inactive: Inactive users is set to Update only',
};
const REACTIVATED: StatusPlan = {
  status: 'active',
  conflict: null,
  note: 'reactivated: Inactive users is set to Activate',
};
const DEACTIVATED_BY_FILE = 'deactivated by the file (active is false)';
const DEACTIVATED: StatusPlan = { status: 'inactive', conflict: null, note: DEACTIVATED_BY_FILE };

/**
 * The status the row asks for an existing user, with an Ask conflict on `active` if any and a
 * note on why.
 */
export function resolveStatus(
  row: ValidatedRow,
  user: DirectoryUser,
  context: StatusContext,
): StatusPlan {
  const cell = row.values.active;
  const incoming = context.forcedActive ?? (cell === undefined ? null : cell === 'true');
  if (user.status === 'inactive') {
    if (context.config.inactiveUsers === 'update-only') return UPDATE_ONLY;
    return incoming === false ? STAYS_INACTIVE : REACTIVATED;
  }
  if (incoming !== false) return STAYS_ACTIVE;
  switch (strategyFor(context.config, 'active').strategy) {
    case 'use-source':
    case 'force-value':
      return DEACTIVATED;
    case 'keep-destination':
    case 'update-if-empty':
      return STAYS_ACTIVE;
    case 'ask': {
      const decision = context.book.find(row.userNameKey, 'active');
      const conflict: FieldConflict = {
        field: 'active',
        current: 'true',
        incoming: 'false',
        choice: decision?.choice ?? null,
        decidedBy: decision?.decidedBy ?? null,
      };
      return decision?.choice === 'source'
        ? { status: 'inactive', conflict, note: DEACTIVATED_BY_FILE }
        : { status: 'active', conflict, note: null };
    }
  }
}
