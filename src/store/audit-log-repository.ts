/**
 * The audit log: who did what, and every field change of every user (by run or by hand), so a
 * user's history can be shown. Entries are only ever appended; their id gives their order.
 */
import { insertRows, textColumn, type BulkTable } from './insert-rows.js';
import { nowText, parseJson, toCount, type Db } from './store-db.js';

/** Who acted: an administrator (id and userName), or the system (id null, e.g. "system"). */
export interface Actor {
  /** The administrator's user id; null for the system or a deleted user. */
  readonly id: string | null;
  /** The name shown in history, kept even if the user is later renamed or removed. */
  readonly name: string;
}

/** An entry to append. */
export interface AuditEntryInput {
  readonly actor: Actor;
  /** What happened, dotted: `user.create`, `user.update`, `user.status`, `config.delete`, … */
  readonly action: string;
  readonly configId?: string | null;
  readonly runId?: string | null;
  readonly userId?: string | null;
  /** The template field a change is about (`active` for status changes). */
  readonly field?: string | null;
  readonly before?: string | null;
  readonly after?: string | null;
  /** Anything else worth keeping, as a JSON-serialisable object. */
  readonly details?: Readonly<Record<string, unknown>> | null;
}

/** A stored entry. */
export interface AuditEntry {
  /** Increasing in the order entries were written. */
  readonly id: number;
  /** ISO 8601 UTC. */
  readonly at: string;
  readonly actor: Actor;
  readonly action: string;
  readonly configId: string | null;
  readonly runId: string | null;
  readonly userId: string | null;
  readonly field: string | null;
  readonly before: string | null;
  readonly after: string | null;
  readonly details: Readonly<Record<string, unknown>> | null;
}

/** The columns a bulk append fills (the id is assigned by the database). */
export const AUDIT_TABLE: BulkTable = {
  table: 'audit_log',
  columns: [
    textColumn('at'),
    textColumn('actor_id'),
    textColumn('actor_name'),
    textColumn('action'),
    textColumn('config_id'),
    textColumn('run_id'),
    textColumn('user_id'),
    textColumn('field'),
    textColumn('before_value'),
    textColumn('after_value'),
    textColumn('details'),
  ],
};

/** One entry as a row of AUDIT_TABLE's columns. */
export function auditRow(entry: AuditEntryInput, at: string): (string | null)[] {
  return [
    at,
    entry.actor.id,
    entry.actor.name,
    entry.action,
    entry.configId ?? null,
    entry.runId ?? null,
    entry.userId ?? null,
    entry.field ?? null,
    entry.before ?? null,
    entry.after ?? null,
    entry.details === undefined || entry.details === null ? null : JSON.stringify(entry.details),
  ];
}

/** Appends entries, all with the same timestamp, in one statement batch. */
export async function appendAudit(
  db: Db,
  entries: readonly AuditEntryInput[],
  at: string = nowText(),
): Promise<void> {
  await insertRows(
    db,
    AUDIT_TABLE,
    entries.map((entry) => auditRow(entry, at)),
  );
}

interface AuditRow {
  id: number | string;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  config_id: string | null;
  run_id: string | null;
  user_id: string | null;
  field: string | null;
  before_value: string | null;
  after_value: string | null;
  details: string | null;
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: toCount(row.id),
    at: row.at,
    actor: { id: row.actor_id, name: row.actor_name },
    action: row.action,
    configId: row.config_id,
    runId: row.run_id,
    userId: row.user_id,
    field: row.field,
    before: row.before_value,
    after: row.after_value,
    details: row.details === null ? null : (parseJson(row.details) as Record<string, unknown>),
  };
}

/** Paging for the audit lists. */
export interface AuditPage {
  /** At most this many entries (default 100). */
  readonly limit?: number;
  readonly offset?: number;
}

/** A user's history, newest first. */
export async function listAuditByUser(
  db: Db,
  userId: string,
  page: AuditPage = {},
): Promise<AuditEntry[]> {
  const rows = await db.kysely
    .selectFrom('audit_log')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(page.limit ?? 100)
    .offset(page.offset ?? 0)
    .execute();
  return rows.map(toEntry);
}

/** What a run did, in the order it was written. */
export async function listAuditByRun(
  db: Db,
  runId: string,
  page: AuditPage = {},
): Promise<AuditEntry[]> {
  const rows = await db.kysely
    .selectFrom('audit_log')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('id', 'asc')
    .limit(page.limit ?? 100)
    .offset(page.offset ?? 0)
    .execute();
  return rows.map(toEntry);
}

/** The whole log, newest first, optionally one action only. */
export async function listAudit(
  db: Db,
  filter: AuditPage & { readonly action?: string } = {},
): Promise<AuditEntry[]> {
  let query = db.kysely.selectFrom('audit_log').selectAll();
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0)
    .execute();
  return rows.map(toEntry);
}

/** Appends one entry. */
export async function appendAuditEntry(db: Db, entry: AuditEntryInput): Promise<void> {
  await appendAudit(db, [entry]);
}
