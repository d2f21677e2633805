/**
 * Writes an applied plan (SPEC §5), inside the caller's apply-lock transaction: the new users
 * (ids assigned here, managers resolved by userName among existing and new users — the manager
 * foreign key is deferred, so users created together may manage each other), the updates and
 * status changes, one audit entry per field change, the welcome e-mails in the outbox, the new
 * baseline, remembered decisions, and the run's status `applied`. All of it commits together.
 */
import { newId } from './new-id.js';
import type { TextField } from '../engine/fields.js';
import { identityKey } from '../engine/normalise.js';
import type {
  CreateUser,
  FieldChange,
  Plan,
  RememberedDecision,
  UpdateUser,
} from '../engine/plan.js';
import { sql } from 'kysely';
import { AUDIT_TABLE, auditRow, type Actor } from './audit-log-repository.js';
import { replaceBaseline } from './baselines-repository.js';
import { insertMapped, insertRows, textColumn, updateRows, type SqlValue } from './insert-rows.js';
import { OUTBOX_TABLE, outboxRow, type OutboxMessageInput } from './outbox-repository.js';
import { addRememberedDecisions } from './remembered-decisions-repository.js';
import { getRun, setRunStatus } from './runs-repository.js';
import { nowText, withRawSqlite, type Db } from './store-db.js';
import { StoreError } from './store-error.js';
import { FIELD_COLUMN, type ColumnField } from './user-columns.js';
import { USERS_TABLE, createdUserRow } from './users-table.js';

/** A user this apply created, for building its welcome message. */
export interface CreatedUser {
  readonly id: string;
  readonly change: CreateUser;
}

/**
 * The users a plan creates and, at the same index, the id each was given. Two arrays rather than
 * a `CreatedUser` per user: an apply of 1M new users holds them until it commits.
 */
interface CreatedUsers {
  readonly changes: readonly CreateUser[];
  readonly ids: readonly string[];
}

/** The created user at `index`, with its id. */
function createdAt(created: CreatedUsers, index: number): CreatedUser {
  const change = created.changes[index];
  const id = created.ids[index];
  if (change === undefined || id === undefined) throw new Error(`no created user ${index}`);
  return { id, change };
}

/** What `writePlan` needs besides the plan. */
export interface WritePlanInput {
  readonly runId: string;
  readonly configId: string;
  /** The plan made inside this transaction (already compared with the preview by the caller). */
  readonly plan: Plan;
  /** The administrator applying the run. */
  readonly actor: Actor;
  /** Decisions of this run marked "remember", saved on the configuration. */
  readonly remember?: readonly RememberedDecision[];
  /**
   * The welcome message of a created user with `sendWelcome`; default: a `welcome` row with no
   * subject or body, rendered by the sender when it sends (so no link is stored in clear).
   */
  readonly welcomeMessage?: (user: CreatedUser) => OutboxMessageInput;
}

/** What was written. */
export interface WritePlanResult {
  readonly created: number;
  readonly updated: number;
  readonly auditEntries: number;
  readonly emailsQueued: number;
}

/** Keys looked up per PostgreSQL query (one text[] parameter). */
const PG_KEYS_PER_QUERY = 10_000;

/**
 * The ids of the existing users with these userName keys. Looks up only the keys asked for
 * (the unique index on user_name_key makes each lookup cheap) instead of scanning every user:
 * a plan usually names a few hundred managers, while the directory may hold 100k users.
 */
async function existingIdsByKey(db: Db, keys: ReadonlySet<string>): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (keys.size === 0) return found;
  const fromSqlite = await withRawSqlite(db, (raw) => {
    const statement = raw.prepare('select id from users where user_name_key = ?').pluck();
    for (const key of keys) {
      const id: unknown = statement.get(key);
      if (typeof id === 'string') found.set(key, id);
    }
    return true;
  });
  if (fromSqlite === true) return found;
  const all = [...keys];
  for (let from = 0; from < all.length; from += PG_KEYS_PER_QUERY) {
    const rows = await db.kysely
      .selectFrom('users')
      .select(['user_name_key', 'id'])
      .where('user_name_key', '=', sql<string>`any(${all.slice(from, from + PG_KEYS_PER_QUERY)})`)
      .execute();
    for (const row of rows) found.set(row.user_name_key, row.id);
  }
  return found;
}

/** The keys of every user the plan names as a manager (created by it or not). */
function managerKeys(creates: readonly CreateUser[], updates: readonly UpdateUser[]) {
  const keys = new Set<string>();
  for (const change of creates)
    if (change.fields.manager !== '') keys.add(identityKey(change.fields.manager));
  for (const change of updates) {
    if (change.set.manager !== undefined && change.set.manager !== '')
      keys.add(identityKey(change.set.manager));
  }
  return keys;
}

function managerIdOf(userName: string, ids: ReadonlyMap<string, string>): string | null {
  if (userName === '') return null;
  const id = ids.get(identityKey(userName));
  if (id === undefined) throw new Error(`the plan names a manager who does not exist: ${userName}`);
  return id;
}

/** Groups updates by the columns they set, so each group is one bulk update. */
function updateGroups(
  updates: readonly UpdateUser[],
  ids: ReadonlyMap<string, string>,
  now: string,
): Map<string, { columns: string[]; rows: SqlValue[][] }> {
  const groups = new Map<string, { columns: string[]; rows: SqlValue[][] }>();
  for (const change of updates) {
    const columns: string[] = [];
    const values: SqlValue[] = [change.userId];
    for (const [field, value] of Object.entries(change.set)) {
      const name = field as TextField;
      if (name === 'userName') continue;
      if (name === 'manager') {
        columns.push('manager_id');
        values.push(managerIdOf(value, ids));
      } else {
        columns.push(FIELD_COLUMN[name as ColumnField]);
        values.push(value);
        if (name === 'email') {
          columns.push('email_key');
          values.push(identityKey(value));
        }
      }
    }
    if (change.status !== null) {
      columns.push('status');
      values.push(change.status);
    }
    columns.push('updated_at');
    values.push(now);
    const signature = columns.join(',');
    const group = groups.get(signature) ?? { columns, rows: [] };
    group.rows.push(values);
    groups.set(signature, group);
  }
  return groups;
}

/**
 * Appends the audit entries of the users created and updated (one per created user, one per
 * field change of an updated user), then the run's own `run.apply` entry, in that order. The
 * rows are made straight as AUDIT_TABLE rows while they are written (1M of them for a big run,
 * so neither entry objects nor all the rows are held at once). Returns the user entries' count.
 */
async function writeAudit(
  tx: Db,
  plan: Plan,
  input: WritePlanInput,
  created: CreatedUsers,
  at: string,
): Promise<number> {
  const { actor, configId, runId } = input;
  await insertMapped(tx, AUDIT_TABLE, created.changes, (change, index) => {
    const details = JSON.stringify({ row: change.row });
    return [
      at,
      actor.id,
      actor.name,
      'user.create',
      configId,
      runId,
      createdAt(created, index).id,
      null,
      null,
      null,
      details,
    ];
  });
  const updated = new Set<string>();
  for (const change of plan.changes) if (change.kind === 'update') updated.add(change.userId);
  const changes: { readonly userId: string; readonly change: FieldChange }[] = [];
  for (const outcome of plan.outcomes) {
    const { userId } = outcome;
    if (userId === null || !updated.has(userId)) continue;
    for (const change of outcome.changes) changes.push({ userId, change });
  }
  await insertMapped(tx, AUDIT_TABLE, changes, ({ userId, change }) => {
    const action = change.field === 'active' ? 'user.status' : 'user.update';
    const { field, from, to } = change;
    return [at, actor.id, actor.name, action, configId, runId, userId, field, from, to, null];
  });
  const details = { counts: plan.counts };
  await insertRows(tx, AUDIT_TABLE, [
    auditRow({ actor, action: 'run.apply', configId, runId, details }, at),
  ]);
  return created.changes.length + changes.length;
}

/**
 * Writes the plan inside `tx` (a transaction from `store.withApplyLock`). The run must be
 * `applying`; it becomes `applied`. Throws (and the caller's transaction rolls back) on any
 * failure.
 */
export async function writePlan(tx: Db, input: WritePlanInput): Promise<WritePlanResult> {
  if (!tx.inTransaction) throw new Error('writePlan must run inside the apply transaction');
  const run = await getRun(tx, input.runId);
  if (run?.status !== 'applying') {
    throw new StoreError('run-state', `the run is ${run?.status ?? 'missing'}, not applying`);
  }
  const { plan } = input;
  const now = nowText();
  const creates = plan.changes.filter((change): change is CreateUser => change.kind === 'create');
  const updates = plan.changes.filter((change): change is UpdateUser => change.kind === 'update');
  // Only the managers' ids are looked up by key: a map of every created user's key (1M for a big
  // run) would be held beside the plan until the apply commits.
  const managers = managerKeys(creates, updates);
  const ids = await existingIdsByKey(tx, managers);
  const created: CreatedUsers = { changes: creates, ids: creates.map(() => newId()) };
  creates.forEach((change, index) => {
    const key = identityKey(change.fields.userName);
    if (managers.has(key)) ids.set(key, createdAt(created, index).id);
  });
  await insertMapped(tx, USERS_TABLE, creates, (change, index) =>
    createdUserRow(
      change,
      createdAt(created, index).id,
      managerIdOf(change.fields.manager, ids),
      input.configId,
      now,
    ),
  );
  for (const group of updateGroups(updates, ids, now).values()) {
    const spec = { table: 'users' as const, columns: ['id', ...group.columns].map(textColumn) };
    await updateRows(tx, spec, group.rows);
  }
  const auditEntries = await writeAudit(tx, plan, input, created, now);
  // Each message and its row are made as they are written (1M of them for a big run).
  const welcomed: number[] = [];
  creates.forEach((change, index) => {
    if (change.sendWelcome) welcomed.push(index);
  });
  await insertMapped(tx, OUTBOX_TABLE, welcomed, (index) => {
    const user = createdAt(created, index);
    const message: OutboxMessageInput = input.welcomeMessage?.(user) ?? {
      kind: 'welcome',
      recipient: user.change.fields.email,
      userId: user.id,
      runId: input.runId,
      subject: null,
      text: null,
      html: null,
    };
    return outboxRow(message, now);
  });
  await replaceBaseline(tx, input.configId, input.runId, plan.baseline);
  if (input.remember !== undefined && input.remember.length > 0) {
    await addRememberedDecisions(tx, input.configId, input.remember);
  }
  await setRunStatus(tx, input.runId, 'applied', ['applying'], {
    emailsQueued: welcomed.length,
    errorMessage: null,
  });
  return {
    created: creates.length,
    updated: updates.length,
    auditEntries,
    emailsQueued: welcomed.length,
  };
}
