/**
 * Which value each field takes (SPEC §4.4 and §4.6): the conflict strategies for existing users,
 * the values of new users, Force value, and the defaults for locale, timezone and languageName.
 */
import { canonicalDefaults, strategyFor, type SyncConfig } from './config.js';
import {
  DEFAULTABLE_FIELDS,
  TEXT_FIELDS,
  type DefaultableField,
  type TextField,
} from './fields.js';
import { identityKey } from './normalise.js';
import type { ConflictChoice, DecisionSource, FieldChange } from './plan.js';
import { blankUserFields, type UserFields } from './directory.js';
import { normaliseField } from './validate-field.js';

/** The rules of one configuration, looked up once per plan rather than once per cell. */
export interface FieldRules {
  /** Each text field (not userName) with its strategy and forced value. */
  readonly fields: readonly {
    readonly field: TextField;
    readonly strategy: ReturnType<typeof strategyFor>['strategy'];
    readonly forced: string | null;
  }[];
  readonly defaults: Readonly<Record<DefaultableField, string | null>>;
}

/** Compiles a configuration's field rules. */
export function compileFieldRules(config: SyncConfig): FieldRules {
  const fields = TEXT_FIELDS.filter((field) => field !== 'userName').map((field) => {
    const rule = strategyFor(config, field);
    return {
      field,
      strategy: rule.strategy,
      forced: rule.strategy === 'force-value' ? canonicalForcedValue(field, rule.value) : null,
    };
  });
  return { fields, defaults: canonicalDefaults(config) };
}

/** A forced value in canonical form (`en-us` → `en-US`); the schema has already validated it. */
function canonicalForcedValue(field: TextField, value: string): string {
  const result = normaliseField(field, value);
  return result.ok ? result.value : value.trim();
}

const DEFAULTABLE: ReadonlySet<TextField> = new Set(DEFAULTABLE_FIELDS);

/** Whether two values of `field` are the same (emails and managers compare case-insensitively). */
export function sameValue(field: TextField, a: string, b: string): boolean {
  if (a === b) return true;
  if (field === 'email' || field === 'manager' || field === 'userName') {
    return identityKey(a) === identityKey(b);
  }
  return false;
}

/** Looks up the decision for an Ask-at-runtime conflict. */
export type DecisionLookup = (
  field: TextField | 'active',
) => { choice: ConflictChoice; decidedBy: DecisionSource } | null;

/** An Ask-at-runtime conflict found while resolving a row. */
export interface FieldConflict {
  readonly field: TextField | 'active';
  readonly current: string;
  readonly incoming: string;
  readonly choice: ConflictChoice | null;
  readonly decidedBy: DecisionSource | null;
}

/** The field changes for an existing user and the Ask conflicts met on the way. */
export interface ResolvedUpdate {
  readonly set: Partial<Record<TextField, string>>;
  readonly changes: FieldChange[];
  readonly conflicts: FieldConflict[];
}

function defaultFor(rules: FieldRules, field: TextField): string | null {
  return DEFAULTABLE.has(field) ? rules.defaults[field as DefaultableField] : null;
}

/**
 * The changes a row makes to an existing user's fields. `incoming` holds the canonical value of
 * each column present in the file.
 */
export function resolveUpdate(
  stored: UserFields,
  incoming: Readonly<Partial<Record<string, string>>>,
  rules: FieldRules,
  decide: DecisionLookup,
): ResolvedUpdate {
  const set: Partial<Record<TextField, string>> = {};
  const changes: FieldChange[] = [];
  const conflicts: FieldConflict[] = [];
  for (const { field, strategy, forced } of rules.fields) {
    const current = stored[field];
    const cell = incoming[field];
    const blankNeverClears = DEFAULTABLE.has(field) && cell === '';
    let target = current;
    switch (strategy) {
      case 'force-value':
        target = forced ?? current;
        break;
      case 'use-source':
        if (cell !== undefined && !blankNeverClears) target = cell;
        break;
      case 'keep-destination':
        break;
      case 'update-if-empty':
        if (cell !== undefined && cell !== '' && current === '') target = cell;
        break;
      case 'ask':
        if (cell !== undefined && !blankNeverClears && !sameValue(field, current, cell)) {
          const decision = decide(field);
          conflicts.push({
            field,
            current,
            incoming: cell,
            choice: decision?.choice ?? null,
            decidedBy: decision?.decidedBy ?? null,
          });
          if (decision?.choice === 'source') target = cell;
        }
        break;
    }
    if (target === '' && current === '' && (cell === undefined || cell === '')) {
      target = defaultFor(rules, field) ?? '';
    }
    if (!sameValue(field, current, target)) {
      set[field] = target;
      changes.push({ field, from: current, to: target });
    }
  }
  return { set, changes, conflicts };
}

/** The fields of a new user: the file's values, forced values, then defaults for blanks. */
export function resolveNewUser(
  incoming: Readonly<Partial<Record<string, string>>>,
  rules: FieldRules,
  userName: string,
): Record<TextField, string> {
  const fields = blankUserFields();
  fields.userName = userName;
  for (const { field, forced } of rules.fields) {
    const value = forced ?? incoming[field] ?? '';
    fields[field] = value === '' ? (defaultFor(rules, field) ?? '') : value;
  }
  return fields;
}
