/**
 * Migration 0001: the whole schema of issue 4, with the tables issues 5 and 7 need (sessions,
 * API tokens, outbox, set-password tokens, audit log). Written in the subset SQLite and
 * PostgreSQL share; the only dialect switch is the audit log's auto-assigned id.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../store-db.js';

const TEXT_COLUMNS = [
  'first_name',
  'last_name',
  'middle_name',
  'title',
  'department',
  'division',
  'cost_center',
  'phone',
  'location',
  'address1',
  'address2',
  'city',
  'state',
  'zip',
  'country',
  'locale',
  'timezone',
  'language_name',
  'c_field1',
  'c_field2',
] as const;

const deferred = sql`deferrable initially deferred`;

async function createUsers(db: Kysely<unknown>): Promise<void> {
  let users = db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('user_name_key', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull());
  for (const column of TEXT_COLUMNS) {
    users = users.addColumn(column, 'text', (c) => c.notNull().defaultTo(''));
  }
  await users
    .addColumn('manager_id', 'text', (c) =>
      c.references('users.id').onDelete('set null').modifyEnd(deferred),
    )
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'inactive')`))
    .addColumn('auth_method', 'text', (c) =>
      c.notNull().check(sql`auth_method in ('password', 'sso')`),
    )
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('user', 'admin')`))
    .addColumn('password_hash', 'text')
    .addColumn('created_by_config_id', 'text', (c) =>
      c.references('sync_configs.id').onDelete('set null'),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('users_email_key_unique')
    .on('users')
    .column('email_key')
    .unique()
    .where(sql.ref('email_key'), '<>', '')
    .execute();
  await db.schema.createIndex('users_manager_id').on('users').column('manager_id').execute();
  await db.schema
    .createIndex('users_created_by_config')
    .on('users')
    .column('created_by_config_id')
    .execute();
  await db.schema.createIndex('users_status').on('users').columns(['status', 'role']).execute();
}

async function createConfigs(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sync_configs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'paused')`))
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('baseline_run_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('remembered_decisions')
    .addColumn('config_id', 'text', (c) =>
      c.notNull().references('sync_configs.id').onDelete('cascade'),
    )
    .addColumn('user_name_key', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('choice', 'text', (c) => c.notNull().check(sql`choice in ('source', 'destination')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('remembered_decisions_pk', ['config_id', 'user_name_key', 'field'])
    .execute();
}

async function createRuns(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('config_id', 'text', (c) =>
      c.notNull().references('sync_configs.id').onDelete('cascade'),
    )
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('previewed', 'applying', 'applied', 'failed', 'cancelled')`),
    )
    .addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_size', 'bigint', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('columns', 'text', (c) => c.notNull())
    .addColumn('ignored_columns', 'text', (c) => c.notNull())
    .addColumn('count_new', 'integer', (c) => c.notNull())
    .addColumn('count_updated', 'integer', (c) => c.notNull())
    .addColumn('count_deactivated', 'integer', (c) => c.notNull())
    .addColumn('count_skipped', 'integer', (c) => c.notNull())
    .addColumn('count_error', 'integer', (c) => c.notNull())
    .addColumn('open_conflicts', 'integer', (c) => c.notNull())
    .addColumn('emails_queued', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('seats', 'text', (c) => c.notNull())
    .addColumn('safeguard', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('send_welcome_email', 'integer')
    .addColumn('override_safeguard', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_message', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'text')
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema
    .createIndex('runs_config_created')
    .on('runs')
    .columns(['config_id', 'created_at'])
    .execute();
  await db.schema.createIndex('runs_status').on('runs').column('status').execute();
}

async function createStaging(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('run_rows')
    .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('row_number', 'integer')
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('user_name_key', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('class', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('errors', 'text', (c) => c.notNull())
    .addColumn('open_conflicts', 'integer', (c) => c.notNull())
    .addColumn('source', 'text')
    .addPrimaryKeyConstraint('run_rows_pk', ['run_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('run_rows_class')
    .on('run_rows')
    .columns(['run_id', 'class', 'seq'])
    .execute();
  await db.schema
    .createTable('run_conflicts')
    .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('current_value', 'text', (c) => c.notNull())
    .addColumn('incoming_value', 'text', (c) => c.notNull())
    .addColumn('choice', 'text')
    .addColumn('decided_by', 'text')
    .addPrimaryKeyConstraint('run_conflicts_pk', ['run_id', 'seq'])
    .execute();
  await db.schema
    .createTable('run_decisions')
    .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('one', 'field')`))
    .addColumn('user_name_key', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('choice', 'text', (c) => c.notNull().check(sql`choice in ('source', 'destination')`))
    .addColumn('remember', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('run_decisions_pk', ['run_id', 'scope', 'user_name_key', 'field'])
    .execute();
  await db.schema
    .createTable('baselines')
    .addColumn('config_id', 'text', (c) =>
      c.notNull().references('sync_configs.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('user_name_key', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('baselines_pk', ['config_id', 'user_name_key'])
    .execute();
}

async function createMessaging(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.references('runs.id').onDelete('set null'))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('text_body', 'text')
    .addColumn('html_body', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'sending', 'sent', 'failed', 'held')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('outbox_due')
    .on('outbox')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema.createIndex('outbox_run').on('outbox').column('run_id').execute();
  await db.schema.createIndex('outbox_user').on('outbox').column('user_id').execute();
}

async function createAccess(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('password_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createIndex('password_tokens_user')
    .on('password_tokens')
    .column('user_id')
    .execute();
  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

async function createAuditLog(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  // The one dialect switch: an auto-assigned, increasing id gives the log its order.
  const table =
    dialect === 'sqlite'
      ? db.schema.createTable('audit_log').addColumn('id', 'integer', (c) => c.primaryKey())
      : db.schema
          .createTable('audit_log')
          .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity());
  await table
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('config_id', 'text')
    .addColumn('run_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('field', 'text')
    .addColumn('before_value', 'text')
    .addColumn('after_value', 'text')
    .addColumn('details', 'text')
    .execute();
  await db.schema
    .createIndex('audit_log_user')
    .on('audit_log')
    .columns(['user_id', 'id'])
    .execute();
  await db.schema.createIndex('audit_log_run').on('audit_log').columns(['run_id', 'id']).execute();
}

/** The first migration: every table and index. */
export function initialSchema(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // sync_configs first: users reference the configuration that created them.
      await createConfigs(db);
      await createUsers(db);
      await createRuns(db);
      await createStaging(db);
      await createMessaging(db);
      await createAccess(db);
      await createAuditLog(db, dialect);
    },
  };
}
