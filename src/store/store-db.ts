/**
 * The handle every repository function takes: Kysely (bound to the store or to a transaction),
 * which dialect it speaks, and the raw driver for the hot paths: for SQLite the better-sqlite3
 * connection (prepared statements, rows as arrays), for PostgreSQL the pg pool and, inside a
 * transaction, its client (COPY, which Kysely cannot run).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Schema } from './schema.js';

/** The two databases usersync runs on. */
export type StoreDialect = 'sqlite' | 'postgres';

/** What repository functions query through. */
export interface Db {
  /** Kysely over the store's pool, or over one connection inside a transaction. */
  readonly kysely: Kysely<Schema>;
  /** Which database this is. */
  readonly dialect: StoreDialect;
  /** SQLite only: the single raw connection (use through `withRawSqlite`). */
  readonly sqlite: BetterSqlite3.Database | null;
  /** PostgreSQL only (absent on SQLite): the raw pool and client (see `PostgresHandle`). */
  readonly postgres?: PostgresHandle;
  /** Whether `kysely` is bound to an open transaction (then raw calls run inside it). */
  readonly inTransaction: boolean;
}

/** The raw pg objects behind a PostgreSQL `Db`. */
export interface PostgresHandle {
  /** The store's pool: transactions take their client from it (pg-transaction.ts). */
  readonly pool: pg.Pool;
  /**
   * Inside a transaction, the client it runs on (the one `kysely` is bound to), for statements
   * Kysely cannot run (COPY); null outside a transaction.
   */
  readonly client: pg.PoolClient | null;
}

/**
 * Runs `fn` on SQLite's raw connection while holding Kysely's connection, so that it never runs
 * inside someone else's open transaction. Inside a transaction it runs at once (the transaction
 * already holds the connection). Returns null on PostgreSQL without calling `fn`.
 */
export async function withRawSqlite<T>(
  db: Db,
  fn: (raw: BetterSqlite3.Database) => T,
): Promise<T | null> {
  const raw = db.sqlite;
  if (raw === null) return null;
  if (db.inTransaction) return fn(raw);
  return db.kysely.connection().execute(() => Promise.resolve(fn(raw)));
}

/** The current time as the store writes it: ISO 8601 UTC text. */
export function nowText(clock: () => Date = () => new Date()): string {
  return clock().toISOString();
}

/** Parses a count that PostgreSQL returns as a bigint string and SQLite as a number. */
export function toCount(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') return Number.parseInt(value, 10);
  return 0;
}

/** Parses a JSON column once at the boundary; the caller names the type it was written as. */
export function parseJson(text: string): unknown {
  return JSON.parse(text);
}
