/**
 * Builders for the store's test data: users, configurations, plans and runs, with defaults that
 * make a valid value and overrides for what a test is about.
 */
import {
  SyncConfigSchema,
  type SyncConfig,
  type SyncConfigInput,
} from '../../src/engine/config.js';
import { blankUserFields, type UserFields } from '../../src/engine/directory.js';
import type {
  CreateUser,
  Plan,
  RowOutcome,
  UpdateUser,
  UserChange,
} from '../../src/engine/plan.js';
import type { Actor } from '../../src/store/audit-log-repository.js';
import type { NewRun } from '../../src/store/runs-repository.js';
import { summarisePlanForRun } from '../../src/store/run-record.js';
import type { NewUser } from '../../src/store/users-repository.js';

/** The administrator of the tests. */
export const anActor: Actor = { id: null, name: 'test-admin' };

/** Template fields for `userName`, with a matching address and names. */
export function someFields(userName: string, overrides: Partial<UserFields> = {}): UserFields {
  return {
    ...blankUserFields(),
    userName,
    email: `${userName.toLowerCase()}@example.com`,
    firstName: 'First',
    lastName: userName,
    ...overrides,
  };
}

/** A user to create by hand. */
export function aUser(userName: string, overrides: Partial<NewUser> = {}): NewUser {
  return { fields: someFields(userName), ...overrides };
}

/** A parsed configuration. */
export function aConfig(name: string, overrides: Partial<SyncConfigInput> = {}): SyncConfig {
  return SyncConfigSchema.parse({ name, ...overrides });
}

/** A planned new user. */
export function aCreate(userName: string, overrides: Partial<CreateUser> = {}): CreateUser {
  return {
    kind: 'create',
    row: 2,
    fields: someFields(userName),
    status: 'active',
    authMethod: 'password',
    sendWelcome: false,
    ...overrides,
  };
}

/** A planned update of an existing user. */
export function anUpdate(
  userId: string,
  userName: string,
  overrides: Partial<UpdateUser> = {},
): UpdateUser {
  return { kind: 'update', row: 2, userId, userName, set: {}, status: null, ...overrides };
}

function outcomeOf(change: UserChange, from: Readonly<Record<string, string>>): RowOutcome {
  if (change.kind === 'create') {
    return {
      row: change.row,
      userName: change.fields.userName,
      email: change.fields.email,
      userId: null,
      class: 'new',
      reason: null,
      changes: [],
      errors: [],
      openConflicts: 0,
    };
  }
  const changes = Object.entries(change.set).map(([field, to]) => ({
    field: field as RowOutcome['changes'][number]['field'],
    from: from[`${change.userId}:${field}`] ?? '',
    to,
  }));
  if (change.status !== null) {
    changes.push({
      field: 'active',
      from: String(change.status === 'inactive'),
      to: String(change.status === 'active'),
    });
  }
  return {
    row: change.row,
    userName: change.userName,
    email: '',
    userId: change.userId,
    class: change.status === 'inactive' && change.row === null ? 'deactivated' : 'updated',
    reason: null,
    changes,
    errors: [],
    openConflicts: 0,
  };
}

/**
 * A plan making `changes`, with an outcome per change; `before` gives the stored values of
 * updated fields as `{ "<userId>:<field>": value }` for the outcomes' from-values.
 */
export function aPlan(
  changes: readonly UserChange[],
  options: { baseline?: readonly string[]; before?: Readonly<Record<string, string>> } = {},
): Plan {
  const outcomes = changes.map((change) => outcomeOf(change, options.before ?? {}));
  const counts = { new: 0, updated: 0, deactivated: 0, skipped: 0, error: 0 };
  for (const outcome of outcomes) counts[outcome.class] += 1;
  return {
    outcomes,
    counts,
    conflicts: [],
    changes,
    seats: { active: 0, after: 0, limit: null, exceeded: false },
    safeguard: { deactivations: 0, limit: null, exceeded: false, overridden: false },
    sendWelcomeEmail: changes.some((change) => change.kind === 'create' && change.sendWelcome),
    welcomeRecipients: [],
    baseline:
      options.baseline ??
      changes.map((change) =>
        change.kind === 'create' ? change.fields.userName : change.userName,
      ),
    blockers: [],
    fingerprint: 'f'.repeat(16),
  };
}

/** A run to create for `configId` from a plan. */
export function aRun(configId: string, plan: Plan, overrides: Partial<NewRun> = {}): NewRun {
  return {
    configId,
    actor: anActor,
    file: { name: 'users.xlsx', size: 1234, sha256: 'a'.repeat(64) },
    columns: ['userName', 'email', 'firstName', 'lastName'],
    ignoredColumns: [],
    summary: summarisePlanForRun(plan),
    sendWelcomeEmail: null,
    overrideSafeguard: false,
    ...overrides,
  };
}
