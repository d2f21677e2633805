/**
 * Decisions on Ask-at-runtime conflicts (SPEC §4.4): a decision on one conflict beats a bulk
 * decision for its field in this run, which beats a decision remembered on the configuration.
 */
import type { FieldName } from './fields.js';
import { identityKey } from './normalise.js';
import type { ConflictChoice, Decision, DecisionSource, RememberedDecision } from './plan.js';

/** The decision for one conflict, and where it came from. */
export interface FoundDecision {
  readonly choice: ConflictChoice;
  readonly decidedBy: DecisionSource;
}

/** Finds decisions by (userName key, field). */
export interface DecisionBook {
  find(userNameKey: string, field: FieldName): FoundDecision | null;
}

const conflictKey = (userNameKey: string, field: FieldName): string =>
  `${field}\u0000${userNameKey}`;

/** Indexes this run's decisions and the configuration's remembered ones. */
export function openDecisionBook(
  decisions: readonly Decision[],
  remembered: readonly RememberedDecision[],
): DecisionBook {
  const one = new Map<string, ConflictChoice>();
  const bulk = new Map<FieldName, ConflictChoice>();
  for (const decision of decisions) {
    if (decision.scope === 'one') {
      one.set(conflictKey(identityKey(decision.userName), decision.field), decision.choice);
    } else {
      bulk.set(decision.field, decision.choice);
    }
  }
  const saved = new Map<string, ConflictChoice>();
  for (const decision of remembered) {
    saved.set(conflictKey(identityKey(decision.userName), decision.field), decision.choice);
  }
  return {
    find(userNameKey, field) {
      const key = conflictKey(userNameKey, field);
      const single = one.get(key);
      if (single !== undefined) return { choice: single, decidedBy: 'one' };
      const forField = bulk.get(field);
      if (forField !== undefined) return { choice: forField, decidedBy: 'field' };
      const kept = saved.get(key);
      if (kept !== undefined) return { choice: kept, decidedBy: 'remembered' };
      return null;
    },
  };
}
