/**
 * Which value each field takes (SPEC §4.4 and §4.6): the conflict strategies for existing users,
 * the values of new users, Force value, and the defaults for locale, timezone and languageName.
 */
import { canonicalDefaults, strategyFor, type SyncConfig } from './config.js';
import type { DecisionBook } from './decisions.js';
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

const DEFAULTABLE: ReadonlySet<TextField> = new Set(DEFAULTABLE_FIELDS);

/** One text field's rule, with what resolving needs of it worked out once per plan. */
export interface CompiledFieldRule {
  readonly field: TextField;
  readonly strategy: ReturnType<typeof strategyFor>['strategy'];
  readonly forced: string | null;
  /** A blank cell never clears the stored value, and a blank takes the default (SPEC §4.4). */
  readonly defaultable: boolean;
  /** The configuration's default for a blank value of this field, or null. */
  readonly fallback: string | null;
}

/** The rules of one configuration, looked up once per plan rather than once per cell. */
export interface FieldRules {
  /** Each text field (not userName) with its strategy and forced value. */
  readonly fields: readonly CompiledFieldRule[];
  readonly defaults: Readonly<Record<DefaultableField, string | null>>;
}

/** Compiles a configuration's field rules. */
export function compileFieldRules(config: SyncConfig): FieldRules {
  const defaults = canonicalDefaults(config);
  const fields = TEXT_FIELDS.filter((field) => field !== 'userName').map(
    (field): CompiledFieldRule => {
      const rule = strategyFor(config, field);
      const defaultable = DEFAULTABLE.has(field);
      return {
        field,
        strategy: rule.strategy,
        forced: rule.strategy === 'force-value' ? canonicalForcedValue(field, rule.value) : null,
        defaultable,
        fallback: defaultable ? defaults[field as DefaultableField] : null,
      };
    },
  );
  return { fields, defaults };
}

/** A forced value in canonical form (`en-us` → `en-US`); the schema has already validated it. */
function canonicalForcedValue(field: TextField, value: string): string {
  const result = normaliseField(field, value);
  return result.ok ? result.value : value.trim();
}

/** Whether two values of `field` are the same (emails and managers compare case-insensitively). */
export function sameValue(field: TextField, a: string, b: string): boolean {
  if (a === b) return true;
  if (field === 'email' || field === 'manager' || field === 'userName') {
    return identityKey(a) === identityKey(b);
  }
  return false;
}

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

/**
 * The changes a row makes to an existing user's fields, or null when it changes none and meets
 * no conflict (most rows of a regular sync, which so make no empty objects). `incoming` holds
 * the canonical value of each column present in the file; an Ask conflict's decision is looked
 * up in `book` under `userNameKey`.
 */
export function resolveUpdate(
  stored: UserFields,
  incoming: Readonly<Partial<Record<string, string>>>,
  rules: FieldRules,
  book: DecisionBook,
  userNameKey: string,
): ResolvedUpdate | null {
  let set: Partial<Record<TextField, string>> | null = null;
  let changes: FieldChange[] | null = null;
  let conflicts: FieldConflict[] | null = null;
  for (const { field, strategy, forced, defaultable, fallback } of rules.fields) {
    const current = stored[field];
    const cell = incoming[field];
    const blankNeverClears = defaultable && cell === '';
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
          const decision = book.find(userNameKey, field);
          conflicts ??= [];
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
      target = fallback ?? '';
    }
    if (!sameValue(field, current, target)) {
      set ??= {};
      set[field] = target;
      changes ??= [];
      changes.push({ field, from: current, to: target });
    }
  }
  if (set === null && conflicts === null) return null;
  return { set: set ?? {}, changes: changes ?? [], conflicts: conflicts ?? [] };
}

/**
 * Whether a row's values are already its new user's fields: every text field present, none
 * forced, and no blank that a default would fill. Then they are what `resolveNewUser` would
 * build, value for value.
 */
function resolvesAsRead(
  incoming: Readonly<Partial<Record<string, string>>>,
  rules: FieldRules,
  userName: string,
): incoming is UserFields {
  if (incoming.userName !== userName) return false;
  for (const { field, forced, fallback } of rules.fields) {
    const value = incoming[field];
    if (forced !== null || value === undefined) return false;
    if (value === '' && fallback !== null && fallback !== '') return false;
  }
  return true;
}

/**
 * The fields of a new user: the file's values, forced values, then defaults for blanks. When
 * those are the row's values as they are (a tidy file of new users), the row's own values object
 * serves, as validation does for a row whose values need no change: a 1M-row plan of new users
 * then holds no second object of 23 fields per user (~200 MB). So the fields may carry the
 * row's `active` beside them.
 */
export function resolveNewUser(
  incoming: Readonly<Partial<Record<string, string>>>,
  rules: FieldRules,
  userName: string,
): UserFields {
  if (resolvesAsRead(incoming, rules, userName)) return incoming;
  const fields = blankUserFields();
  fields.userName = userName;
  for (const { field, forced, fallback } of rules.fields) {
    const value = forced ?? incoming[field] ?? '';
    fields[field] = value === '' ? (fallback ?? '') : value;
  }
  return fields;
}
