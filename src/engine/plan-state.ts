import type { DirectoryUser } from './directory.js';
import type { Conflict, RowOutcome, UserChange } from './plan.js';

/**
 * The empty list of an outcome without changes or errors. One frozen array is shared rather than
 * two new ones per outcome: outcomes are read-only, and freezing makes a stray push throw.
 */
export const NONE: readonly never[] = Object.freeze([]);

/** What the row loop accumulates. */
export interface PlanState {
  readonly outcomes: RowOutcome[];
  readonly changes: UserChange[];
  readonly conflicts: Conflict[];
  /** Active administrators left if every planned deactivation happens. */
  activeAdmins: number;
  /** Users who become active / inactive through this run. */
  activated: number;
  deactivated: number;
}

/** Why a deactivation is dropped to protect administrators (SPEC §4.3), or null. */
export function adminProtection(
  user: DirectoryUser,
  actorId: string | null,
  activeAdmins: number,
): string | null {
  if (user.role !== 'admin' || user.status !== 'active') return null;
  if (user.id === actorId) return 'not deactivated: they are the administrator applying this run';
  if (activeAdmins <= 1) return 'not deactivated: they are the last active administrator';
  return null;
}
