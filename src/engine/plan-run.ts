/**
 * planRun: the preview of a run (SPEC §4). Pure: the same input gives the same plan, and nothing
 * is changed. Applying a run carries out the plan's `changes`.
 */
import { forcedActive, strategyFor, type SyncConfig } from './config.js';
import { openDecisionBook, type DecisionBook } from './decisions.js';
import type { AuthMethod, DirectoryUser, PlanSettings, UserStatus } from './directory.js';
import { indexDirectory, type DirectoryIndex } from './directory-index.js';
import { emailDomain } from './normalise.js';
import type { PlanInput } from './plan-input.js';
import { adminProtection, type PlanState } from './plan-state.js';
import { summarisePlan } from './plan-summary.js';
import { planRemovedUsers } from './plan-removed-users.js';
import type { FieldChange, Plan, RowOutcome } from './plan.js';
import {
  compileFieldRules,
  resolveNewUser,
  resolveUpdate,
  type FieldConflict,
  type FieldRules,
} from './resolve-fields.js';
import { validateRows, type ValidatedRow } from './validate-rows.js';

interface RowContext {
  readonly config: SyncConfig;
  readonly index: DirectoryIndex;
  readonly rules: FieldRules;
  readonly book: DecisionBook;
  readonly forcedActive: boolean | null;
  readonly actorId: string | null;
  readonly settings: PlanSettings;
  readonly welcome: boolean;
}

/** Plans a run: classifies every row, finds conflicts and removed users, and lists the changes. */
export function planRun(input: PlanInput): Plan {
  const { config } = input;
  const index = indexDirectory(input.directory);
  const rows = validateRows(
    input.file,
    index,
    (row) => config.newUsers === 'create' && !index.byUserName.has(row.userNameKey),
  );
  const context: RowContext = {
    config,
    index,
    rules: compileFieldRules(config),
    book: openDecisionBook(input.decisions, input.remembered),
    forcedActive: forcedActive(config),
    actorId: input.actorId,
    settings: input.settings,
    welcome: input.sendWelcomeEmail ?? config.sendWelcomeEmail,
  };
  const state: PlanState = {
    outcomes: [],
    changes: [],
    conflicts: [],
    activeAdmins: index.activeAdminCount,
    activated: 0,
    deactivated: 0,
  };
  for (const row of rows) {
    if (row.errors.length > 0) {
      state.outcomes.push(errorOutcome(row, index));
      continue;
    }
    const user = index.byUserName.get(row.userNameKey);
    if (user === undefined) planNewUser(row, context, state);
    else planExistingUser(row, user, context, state);
  }
  const removed = planRemovedUsers(rows, input, index, state);
  return summarisePlan(input, index, state, removed);
}

function errorOutcome(row: ValidatedRow, index: DirectoryIndex): RowOutcome {
  return {
    row: row.source.row,
    userName: row.values.userName ?? (row.source.values.userName ?? '').trim(),
    email: row.values.email ?? (row.source.values.email ?? '').trim(),
    userId: index.byUserName.get(row.userNameKey)?.id ?? null,
    class: 'error',
    reason: null,
    changes: [],
    errors: row.errors,
    openConflicts: 0,
  };
}

function authMethodFor(email: string, settings: PlanSettings): AuthMethod {
  const domain = emailDomain(email);
  const covered = settings.ssoDomains.some(
    (sso) => sso.trim() === '*' || sso.trim().toLowerCase() === domain,
  );
  return covered ? 'sso' : 'password';
}

function planNewUser(row: ValidatedRow, context: RowContext, state: PlanState): void {
  const userName = row.values.userName ?? '';
  const email = row.values.email ?? '';
  const base = { row: row.source.row, userName, email, userId: null, errors: [], openConflicts: 0 };
  if (context.config.newUsers === 'skip') {
    state.outcomes.push({
      ...base,
      class: 'skipped',
      reason: 'new user not created: New users is set to Skip',
      changes: [],
    });
    return;
  }
  const fields = resolveNewUser(row.values, context.rules, userName);
  const active = context.forcedActive ?? row.values.active !== 'false';
  const status: UserStatus = active ? 'active' : 'inactive';
  const authMethod = authMethodFor(fields.email, context.settings);
  const sendWelcome = context.welcome && active && authMethod === 'password';
  if (active) state.activated += 1;
  state.changes.push({
    kind: 'create',
    row: row.source.row,
    fields,
    status,
    authMethod,
    sendWelcome,
  });
  state.outcomes.push({
    ...base,
    class: 'new',
    reason: active ? null : 'created inactive (active is false)',
    changes: [],
  });
}

/** The status the row asks for an existing user, and an Ask conflict on `active` if any. */
function resolveStatus(
  row: ValidatedRow,
  user: DirectoryUser,
  context: RowContext,
): { status: UserStatus; conflict: FieldConflict | null; note: string | null } {
  const cell = row.values.active;
  const incoming = context.forcedActive ?? (cell === undefined ? null : cell === 'true');
  if (user.status === 'inactive') {
    if (context.config.inactiveUsers === 'update-only') {
      return {
        status: 'inactive',
        conflict: null,
        note: 'stays inactive: Inactive users is set to Update only',
      };
    }
    return incoming === false
      ? { status: 'inactive', conflict: null, note: null }
      : {
          status: 'active',
          conflict: null,
          note: 'reactivated: Inactive users is set to Activate',
        };
  }
  if (incoming !== false) return { status: 'active', conflict: null, note: null };
  switch (strategyFor(context.config, 'active').strategy) {
    case 'use-source':
    case 'force-value':
      return {
        status: 'inactive',
        conflict: null,
        note: 'deactivated by the file (active is false)',
      };
    case 'keep-destination':
    case 'update-if-empty':
      return { status: 'active', conflict: null, note: null };
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
        ? { status: 'inactive', conflict, note: 'deactivated by the file (active is false)' }
        : { status: 'active', conflict, note: null };
    }
  }
}

function planExistingUser(
  row: ValidatedRow,
  user: DirectoryUser,
  context: RowContext,
  state: PlanState,
): void {
  const base = {
    row: row.source.row,
    userName: user.fields.userName,
    email: row.values.email ?? user.fields.email,
    userId: user.id,
    errors: [],
  };
  if (user.status === 'inactive' && context.config.inactiveUsers === 'skip') {
    state.outcomes.push({
      ...base,
      class: 'skipped',
      reason: 'inactive user left as is: Inactive users is set to Skip',
      changes: [],
      openConflicts: 0,
    });
    return;
  }
  const decide = (field: FieldChange['field']) => context.book.find(row.userNameKey, field);
  const resolved = resolveUpdate(user.fields, row.values, context.rules, decide);
  const statusPlan = resolveStatus(row, user, context);
  const fieldConflicts =
    statusPlan.conflict === null
      ? resolved.conflicts
      : [...resolved.conflicts, statusPlan.conflict];
  let status: UserStatus | null = statusPlan.status === user.status ? null : statusPlan.status;
  let note = statusPlan.note;
  if (status === 'inactive') {
    const protection = adminProtection(user, context.actorId, state.activeAdmins);
    if (protection === null) {
      state.activeAdmins -= user.role === 'admin' ? 1 : 0;
      state.deactivated += 1;
    } else {
      status = null;
      note = protection;
    }
  } else if (status === 'active') {
    state.activated += 1;
  }
  const changes = resolved.changes;
  if (status !== null) {
    changes.push({
      field: 'active',
      from: String(status === 'inactive'),
      to: String(status === 'active'),
    });
  }
  let openConflicts = 0;
  for (const conflict of fieldConflicts) {
    if (conflict.choice === null) openConflicts += 1;
    state.conflicts.push({ row: row.source.row, userName: user.fields.userName, ...conflict });
  }
  if (changes.length > 0) {
    state.changes.push({
      kind: 'update',
      row: row.source.row,
      userId: user.id,
      userName: user.fields.userName,
      set: resolved.set,
      status,
    });
  }
  const awaiting =
    openConflicts > 0
      ? `awaiting decision on ${openConflicts} conflict${openConflicts === 1 ? '' : 's'}`
      : null;
  const isUpdated = changes.length > 0 || openConflicts > 0;
  const reason = isUpdated
    ? [note, awaiting].filter((part) => part !== null).join('; ') || null
    : (note ??
      (fieldConflicts.length > 0
        ? 'no changes: the decisions kept the current values'
        : 'no changes'));
  state.outcomes.push({
    ...base,
    class: isUpdated ? 'updated' : 'skipped',
    reason,
    changes,
    openConflicts,
  });
}
