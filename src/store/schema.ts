/**
 * The database's tables as Kysely sees them. Column names are snake_case; repositories map rows
 * to the engine's camelCase types. Conventions shared by SQLite and PostgreSQL (docs/database.md):
 * ids are text (UUIDs), timestamps are ISO 8601 UTC text (`2025-01-31T09:00:00.000Z`, which sorts
 * as it reads), booleans are integers 0/1, and JSON documents are text.
 */
import type { Generated } from 'kysely';

/** ISO 8601 UTC timestamp text. */
export type Timestamp = string;
/** 0 or 1. */
export type Flag = number;

export interface UsersTable {
  id: string;
  user_name: string;
  /** `identityKey(user_name)`: trimmed, NFC, case-folded; unique. */
  user_name_key: string;
  email: string;
  /** `identityKey(email)`; unique among non-blank addresses. */
  email_key: string;
  first_name: string;
  last_name: string;
  middle_name: string;
  title: string;
  department: string;
  division: string;
  cost_center: string;
  phone: string;
  location: string;
  address1: string;
  address2: string;
  city: string;
  state: string;
  zip: string;
  country: string;
  locale: string;
  timezone: string;
  language_name: string;
  manager_id: string | null;
  c_field1: string;
  c_field2: string;
  status: string;
  auth_method: string;
  role: string;
  password_hash: string | null;
  created_by_config_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SyncConfigsTable {
  id: string;
  name: string;
  /** Lower-cased trimmed name; unique, so names differ by more than case. */
  name_key: string;
  status: string;
  /** The SyncConfig document as JSON. */
  document: string;
  /** The applied run whose userNames are the baseline; null before the first applied run. */
  baseline_run_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RememberedDecisionsTable {
  config_id: string;
  user_name_key: string;
  user_name: string;
  field: string;
  choice: string;
  created_at: Timestamp;
}

export interface RunsTable {
  id: string;
  config_id: string;
  status: string;
  actor_id: string | null;
  actor_name: string;
  file_name: string;
  file_size: number;
  file_sha256: string;
  /** The fields whose columns the file has, JSON array (to re-plan from the staged rows). */
  columns: string;
  /** Header cells that matched no field, JSON array. */
  ignored_columns: string;
  count_new: number;
  count_updated: number;
  count_deactivated: number;
  count_skipped: number;
  count_error: number;
  open_conflicts: number;
  emails_queued: number;
  /** SeatProjection JSON. */
  seats: string;
  /** SafeguardVerdict JSON. */
  safeguard: string;
  fingerprint: string;
  /** The run's welcome e-mail toggle: 1, 0, or null to follow the configuration. */
  send_welcome_email: Flag | null;
  override_safeguard: Flag;
  error_message: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  applied_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface RunRowsTable {
  run_id: string;
  seq: number;
  row_number: number | null;
  user_name: string;
  user_name_key: string;
  email: string;
  user_id: string | null;
  class: string;
  reason: string | null;
  /** FieldChange[] JSON. */
  changes: string;
  /** RowError[] JSON. */
  errors: string;
  open_conflicts: number;
  /**
   * Before migration 0005: the file row as read (see staged-source.ts), to re-plan; null for
   * missing users. Since 0005 always null: the file rows are in `run_sources`.
   */
  source: string | null;
}

/** A run's file rows as read, in chunks of consecutive rows (staged-source.ts); since 0005. */
export interface RunSourcesTable {
  run_id: string;
  /** The seq (and index in the file's rows) of the chunk's first row. */
  first_seq: number;
  /** The chunk's JSON text. */
  rows: string;
}

export interface RunConflictsTable {
  run_id: string;
  seq: number;
  row_number: number;
  user_name: string;
  field: string;
  current_value: string;
  incoming_value: string;
  choice: string | null;
  decided_by: string | null;
}

export interface RunDecisionsTable {
  run_id: string;
  scope: string;
  /** identityKey(userName) for scope 'one'; '' for scope 'field'. */
  user_name_key: string;
  user_name: string;
  field: string;
  choice: string;
  remember: Flag;
  created_at: Timestamp;
}

export interface BaselinesTable {
  config_id: string;
  position: number;
  user_name_key: string;
  user_name: string;
}

export interface OutboxTable {
  id: string;
  run_id: string | null;
  user_id: string | null;
  kind: string;
  recipient: string;
  subject: string | null;
  text_body: string | null;
  html_body: string | null;
  status: string;
  attempts: number;
  next_attempt_at: Timestamp | null;
  last_error: string | null;
  sent_at: Timestamp | null;
  message_id: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PasswordTokensTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  /** The outbox row whose message carried the token (migration 0002), or null. */
  outbox_id: string | null;
}

/** One delivery attempt of an outbox row (migration 0002). */
export interface OutboxAttemptsTable {
  outbox_id: string;
  /** The attempt's number, 1-based (the row's `attempts` when it was claimed). */
  attempt: number;
  at: Timestamp;
  /** `sent` or `failed`. */
  outcome: string;
  /** The server's response line, or the error. */
  detail: string;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  token_hash: string;
  created_by: string | null;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface SettingsTable {
  key: string;
  /** JSON value. */
  value: string;
  updated_at: Timestamp;
}

export interface AuditLogTable {
  /** Auto-assigned, increasing: the order entries were written in. */
  id: Generated<number>;
  at: Timestamp;
  actor_id: string | null;
  actor_name: string;
  action: string;
  config_id: string | null;
  run_id: string | null;
  user_id: string | null;
  field: string | null;
  before_value: string | null;
  after_value: string | null;
  /** JSON object or null. */
  details: string | null;
}

/** Every table. */
export interface Schema {
  users: UsersTable;
  sync_configs: SyncConfigsTable;
  remembered_decisions: RememberedDecisionsTable;
  runs: RunsTable;
  run_rows: RunRowsTable;
  run_sources: RunSourcesTable;
  run_conflicts: RunConflictsTable;
  run_decisions: RunDecisionsTable;
  baselines: BaselinesTable;
  outbox: OutboxTable;
  outbox_attempts: OutboxAttemptsTable;
  password_tokens: PasswordTokensTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  settings: SettingsTable;
  audit_log: AuditLogTable;
}
