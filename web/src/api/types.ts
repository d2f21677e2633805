/**
 * The shapes the HTTP API returns (docs/api.md), mirrored for the browser. Kept by hand: the
 * web bundle must not pull the server's modules in.
 */
import type { FieldName } from '../../../src/engine/fields.ts';

export type { FieldName };

/** Who acted: an administrator, or the system (id null). */
export interface Actor {
  id: string | null;
  name: string;
}

export type UserStatus = 'active' | 'inactive';
export type AuthMethod = 'password' | 'sso';
export type UserRole = 'user' | 'admin';

/** A directory user; `fields.manager` is the manager's userName ("" for none). */
export interface UserView {
  id: string;
  fields: Record<string, string | null | undefined>;
  status: UserStatus;
  authMethod: AuthMethod;
  role: UserRole;
  createdAt: string;
  updatedAt: string;
  createdByConfigId: string | null;
}

/** One entry of the audit log. */
export interface AuditEntry {
  id: number;
  at: string;
  actor: Actor;
  action: string;
  configId: string | null;
  runId: string | null;
  userId: string | null;
  field: string | null;
  before: string | null;
  after: string | null;
  details: Record<string, unknown> | null;
}

export type UserWithHistory = UserView & { history: AuditEntry[] };

/** GET/POST /api/session, POST /api/setup. */
export interface SessionView {
  user: UserView;
  csrfToken: string;
}

export type DefaultStrategy = 'use-source' | 'keep-destination' | 'ask' | 'update-if-empty';
export type Strategy = DefaultStrategy | 'force-value';

export type FieldRule = { strategy: DefaultStrategy } | { strategy: 'force-value'; value: string };

export type DeactivationLimit = { count: number } | { percent: number };

/** A configuration document (SyncConfigSchema's output). */
export interface SyncConfig {
  name: string;
  newUsers: 'create' | 'skip';
  inactiveUsers: 'activate' | 'skip' | 'update-only';
  removedUsers: 'deactivate' | 'ignore' | 'no-action';
  conflicts: { default: DefaultStrategy; fields: Partial<Record<FieldName, FieldRule>> };
  defaults: { locale?: string; timezone?: string; languageName?: string };
  sendWelcomeEmail: boolean;
  deactivationLimit: DeactivationLimit | null;
}

export interface RememberedDecision {
  userName: string;
  field: string;
  choice: Choice;
}

export interface ConfigView {
  id: string;
  name: string;
  status: 'active' | 'paused';
  config: SyncConfig;
  remembered: RememberedDecision[];
  createdAt: string;
  updatedAt: string;
  lastRun: RunView | null;
}

export type RunStatus = 'previewed' | 'applying' | 'applied' | 'failed' | 'cancelled';
export type RowClass = 'new' | 'updated' | 'deactivated' | 'skipped' | 'error';
export type Choice = 'source' | 'destination';

export interface Counts {
  new: number;
  updated: number;
  deactivated: number;
  skipped: number;
  error: number;
}

export type BlockerCode = 'open-conflicts' | 'seat-limit' | 'safeguard' | 'config-paused';

export interface RunView {
  id: string;
  configId: string;
  configName: string;
  status: RunStatus;
  fileName: string;
  fileSize: number;
  fileSha256: string;
  actor: Actor;
  createdAt: string;
  appliedAt: string | null;
  finishedAt: string | null;
  counts: Counts;
  openConflicts: number;
  ignoredColumns: string[];
  seats: { active: number; after: number; limit: number | null; exceeded: boolean };
  safeguard: {
    deactivations: number;
    limit: number | null;
    exceeded: boolean;
    overridden: boolean;
  };
  sendWelcomeEmail: boolean;
  overrideSafeguard: boolean;
  blockers: { code: BlockerCode; message: string }[];
  /** The run's welcome e-mails: held ones wait for a mail server to be configured. */
  emails: { queued: number; sent: number; failed: number; held: number; waiting: number };
  errorMessage: string | null;
}

export interface RowError {
  row: number | null;
  field: string | null;
  code: string;
  message: string;
}

export interface RowView {
  row: number | null;
  userName: string;
  email: string;
  class: RowClass;
  reason: string | null;
  changes: { field: string; from: string | null; to: string | null }[];
  errors: RowError[];
}

export interface ConflictView {
  row: number | null;
  userName: string;
  field: string;
  current: string | null;
  incoming: string | null;
  choice: Choice | null;
  decidedBy: 'one' | 'field' | 'remembered' | null;
}

/** A page of a run's conflicts, with every field's counts (GET /api/runs/:id/conflicts). */
export interface ConflictPage {
  total: number;
  items: ConflictView[];
  fields: { field: string; total: number; open: number }[];
}

export type DecisionInput =
  | { scope: 'one'; userName: string; field: string; choice: Choice; remember?: boolean }
  | { scope: 'field'; field: string; choice: Choice; remember?: boolean };

export interface RunProgress {
  phase: 'reading' | 'planning' | 'staging' | 'checking' | 'applying' | 'done';
  done: number;
  total: number | null;
}

export interface JobView {
  jobId: string;
  kind: 'preview' | 'apply';
  state: 'running' | 'done' | 'failed';
  progress: RunProgress;
  runId: string | null;
  error: { code: string; message: string } | null;
}

export interface SampleFileCheck {
  sheet: string;
  columns: { header: string; field: string | null }[];
  ignoredColumns: string[];
  missingRequired: string[];
  rows: number;
}

export interface Settings {
  licensing: 'named' | 'none';
  seatLimit: number | null;
  ssoDomains: string[];
  limits: {
    maxUploadBytes?: number;
    maxPartBytes?: number;
    maxCompressionRatio?: number;
    maxRows?: number;
  };
}

/** The mail settings the server runs with (GET /api/mail/settings; set by its environment). */
export interface MailSettingsView {
  delivery: string;
  from: string;
  organisationName: string;
  publicUrl: string;
  setPasswordLinkDays: number;
}

export interface ApiTokenView {
  id: string;
  name: string;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export type MailStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'held';

export interface MailView {
  id: string;
  kind: string;
  recipient: string;
  userId: string | null;
  runId: string | null;
  subject: string | null;
  status: MailStatus;
  attemptCount: number;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
}

/** One message with its parts (GET /api/mail/:id). */
export interface MailDetail extends MailView {
  text: string | null;
  html: string | null;
  attempts: { attempt: number; at: string; outcome: 'sent' | 'failed'; detail: string }[];
}

export interface Page<T> {
  total: number;
  items: T[];
}
