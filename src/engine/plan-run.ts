/**
 * planRun: the preview of a run (SPEC §4). Pure: the same input gives the same plan, and nothing
 * is changed. Applying a run carries out the plan's `changes`.
 */
import { forcedActive, type SyncConfig } from './config.js';
import { openDecisionBook, type DecisionBook } from './decisions.js';
import type { AuthMethod, DirectoryUser, PlanSettings, UserStatus } from './directory.js';
import { indexDirectory, type DirectoryIndex } from './directory-index.js';
import { emailDomain } from './normalise.js';
import type { PlanInput } from './plan-input.js';
import { adminProtection, NONE, type PlanState } from './plan-state.js';
import { resolveStatus } from './plan-status.js';
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
  readonly sso: SsoCover;
  readonly welcome: boolean;
}

/** Plans a run: classifies every row, finds conflicts and removed users, and lists the changes. */
export function planRun(input: PlanInput): Plan {
  const { config } = input;
  const index = indexDirectory(input.directory);
  const rows = validateRows(
    input.file,
    index,
    (row) => config.newUsers === 'create' && row.user === null,
  );
  const context: RowContext = {
    config,
    index,
    rules: compileFieldRules(config),
    book: openDecisionBook(input.decisions, input.remembered),
    forcedActive: forcedActive(config),
    actorId: input.actorId,
    sso: ssoCoverOf(input.settings),
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
      state.outcomes.push(errorOutcome(row));
      continue;
    }
    if (row.user === null) planNewUser(row, context, state);
    else planExistingUser(row, row.user, context, state);
  }
  const removed = planRemovedUsers(rows, input, index, state);
  return summarisePlan(input, index, state, removed);
}

function errorOutcome(row: ValidatedRow): RowOutcome {
  return {
    row: row.source.row,
    userName: row.values.userName ?? (row.source.values.userName ?? '').trim(),
    email: row.values.email ?? (row.source.values.email ?? '').trim(),
    userId: row.user?.id ?? null,
    class: 'error',
    reason: null,
    changes: NONE,
    errors: row.errors,
    openConflicts: 0,
  };
}

/** Whether new users with `email` sign in with SSO, from settings trimmed and lower-cased once. */
interface SsoCover {
  /** A `*` entry covers every domain. */
  readonly all: boolean;
  readonly domains: ReadonlySet<string>;
}

function ssoCoverOf(settings: PlanSettings): SsoCover {
  const trimmed = settings.ssoDomains.map((sso) => sso.trim());
  return {
    all: trimmed.includes('*'),
    domains: new Set(trimmed.map((sso) => sso.toLowerCase())),
  };
}

function authMethodFor(email: string, sso: SsoCover): AuthMethod {
  if (sso.all) return 'sso';
  if (sso.domains.size === 0) return 'password';
  return sso.domains.has(emailDomain(email)) ? 'sso' : 'password';
}

function planNewUser(row: ValidatedRow, context: RowContext, state: PlanState): void {
  const userName = row.values.userName ?? '';
  const email = row.values.email ?? '';
  if (context.config.newUsers === 'skip') {
    state.outcomes.push({
      row: row.source.row,
      userName,
      email,
      userId: null,
      class: 'skipped',
      reason: 'new user not created: New users is set to Skip',
      changes: NONE,
      errors: NONE,
      openConflicts: 0,
    });
    return;
  }
  const fields = resolveNewUser(row.values, context.rules, userName);
  const active = context.forcedActive ?? row.values.active !== 'false';
  const status: UserStatus = active ? 'active' : 'inactive';
  const authMethod = authMethodFor(fields.email, context.sso);
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
    row: row.source.row,
    userName,
    email,
    userId: null,
    class: 'new',
    reason: active ? null : 'created inactive (active is false)',
    changes: NONE,
    errors: NONE,
    openConflicts: 0,
  });
}

/** Why an updated row has its class: the status note and the open conflicts, or null. */
function updatedReason(note: string | null, openConflicts: number): string | null {
  if (openConflicts === 0) return note;
  const awaiting = `awaiting decision on ${openConflicts} conflict${openConflicts === 1 ? '' : 's'}`;
  return note === null ? awaiting : `${note}; ${awaiting}`;
}

function planExistingUser(
  row: ValidatedRow,
  user: DirectoryUser,
  context: RowContext,
  state: PlanState,
): void {
  const email = row.values.email ?? user.fields.email;
  if (user.status === 'inactive' && context.config.inactiveUsers === 'skip') {
    state.outcomes.push({
      row: row.source.row,
      userName: user.fields.userName,
      email,
      userId: user.id,
      class: 'skipped',
      reason: 'inactive user left as is: Inactive users is set to Skip',
      changes: NONE,
      errors: NONE,
      openConflicts: 0,
    });
    return;
  }
  const resolved = resolveUpdate(
    user.fields,
    row.values,
    context.rules,
    context.book,
    row.userNameKey,
  );
  const statusPlan = resolveStatus(row, user, context);
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
  const fieldChanges: readonly FieldChange[] = resolved?.changes ?? NONE;
  const changes =
    status === null
      ? fieldChanges
      : [
          ...fieldChanges,
          {
            field: 'active' as const,
            from: String(status === 'inactive'),
            to: String(status === 'active'),
          },
        ];
  let openConflicts = 0;
  let conflictCount = 0;
  for (const conflict of resolved?.conflicts ?? NONE) {
    if (conflict.choice === null) openConflicts += 1;
    conflictCount += 1;
    pushConflict(state, row, user, conflict);
  }
  if (statusPlan.conflict !== null) {
    if (statusPlan.conflict.choice === null) openConflicts += 1;
    conflictCount += 1;
    pushConflict(state, row, user, statusPlan.conflict);
  }
  if (changes.length > 0) {
    state.changes.push({
      kind: 'update',
      row: row.source.row,
      userId: user.id,
      userName: user.fields.userName,
      set: resolved?.set ?? {},
      status,
    });
  }
  const isUpdated = changes.length > 0 || openConflicts > 0;
  const reason = isUpdated
    ? updatedReason(note, openConflicts)
    : (note ??
      (conflictCount > 0 ? 'no changes: the decisions kept the current values' : 'no changes'));
  state.outcomes.push({
    row: row.source.row,
    userName: user.fields.userName,
    email,
    userId: user.id,
    class: isUpdated ? 'updated' : 'skipped',
    reason,
    changes,
    errors: NONE,
    openConflicts,
  });
}

function pushConflict(
  state: PlanState,
  row: ValidatedRow,
  user: DirectoryUser,
  conflict: FieldConflict,
): void {
  state.conflicts.push({
    row: row.source.row,
    userName: user.fields.userName,
    field: conflict.field,
    current: conflict.current,
    incoming: conflict.incoming,
    choice: conflict.choice,
    decidedBy: conflict.decidedBy,
  });
}
