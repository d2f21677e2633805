/**
 * The databases the store's contract suite runs on: SQLite always, PostgreSQL when
 * TEST_DATABASE_URL is set. Each suite gets its own fresh database (a temporary directory, or
 * a uniquely named PostgreSQL database) and removes it afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openStore, type Store, type StoreOptions } from '../../src/store/open-store.js';

/** A database to run the suite on. */
export interface StoreTarget {
  readonly name: 'sqlite' | 'postgres';
  /** Why the target is skipped, or null. */
  readonly skipped: string | null;
  /** Creates a fresh, empty database; returns how to open stores on it and how to drop it. */
  create(): Promise<FreshDatabase>;
}

/** A database made for one suite. */
export interface FreshDatabase {
  /** Opens a store on it (several may be open at once, like several processes). */
  open(options?: Partial<StoreOptions>): Store;
  /** What opens a store on it, for another process to open the same database. */
  readonly options: { readonly dataDir: string; readonly databaseUrl?: string };
  /** Drops the database. Close every store first. */
  drop(): Promise<void>;
}

const pgUrl = process.env.TEST_DATABASE_URL?.trim() ?? '';

const sqliteTarget: StoreTarget = {
  name: 'sqlite',
  skipped: null,
  create() {
    const dataDir = mkdtempSync(join(tmpdir(), 'usersync-store-'));
    return Promise.resolve({
      options: { dataDir },
      open: (options = {}) => openStore({ dataDir, ...options }),
      drop: () => {
        rmSync(dataDir, { recursive: true, force: true });
        return Promise.resolve();
      },
    });
  },
};

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

const postgresTarget: StoreTarget = {
  name: 'postgres',
  skipped: pgUrl === '' ? 'TEST_DATABASE_URL is not set' : null,
  async create() {
    const name = `usersync_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${name}`);
    const url = new URL(pgUrl);
    url.pathname = `/${name}`;
    return {
      options: { dataDir: tmpdir(), databaseUrl: url.toString() },
      open: (options = {}) =>
        openStore({ dataDir: tmpdir(), databaseUrl: url.toString(), poolSize: 4, ...options }),
      drop: () => adminQuery(`drop database if exists ${name} with (force)`),
    };
  },
};

/** Every target, PostgreSQL marked skipped without TEST_DATABASE_URL. */
export const STORE_TARGETS: readonly StoreTarget[] = [sqliteTarget, postgresTarget];

if (postgresTarget.skipped !== null) {
  console.info(
    'Store contract tests on PostgreSQL are skipped: set TEST_DATABASE_URL (e.g. ' +
      'postgres://postgres@127.0.0.1:5432/postgres) to run them.',
  );
}

/** What a suite body gets: the migrated store, and the database to open more stores on. */
export interface StoreContext {
  readonly store: () => Store;
  readonly database: () => FreshDatabase;
}

/**
 * Declares `body` once per target, each on its own fresh, migrated database. The PostgreSQL
 * variant is visibly skipped when TEST_DATABASE_URL is not set.
 */
export function describeStore(title: string, body: (context: StoreContext) => void): void {
  for (const target of STORE_TARGETS) {
    const label = `${title} [${target.name}]${target.skipped === null ? '' : ` (skipped: ${target.skipped})`}`;
    describe.skipIf(target.skipped !== null)(label, () => {
      let database: FreshDatabase | null = null;
      let store: Store | null = null;
      beforeAll(async () => {
        database = await target.create();
        store = database.open();
        await store.migrate();
      });
      afterAll(async () => {
        await store?.close();
        await database?.drop();
      });
      body({
        store: () => {
          if (store === null) throw new Error('the store is not open yet');
          return store;
        },
        database: () => {
          if (database === null) throw new Error('the database is not created yet');
          return database;
        },
      });
    });
  }
}
