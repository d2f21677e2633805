/**
 * PostgreSQL transactions whose client the store can reach. Kysely runs a transaction's
 * statements (begin, commit, rollback included) on one pool client but does not expose it, and
 * the bulk writer needs it for COPY (insert-rows.ts). So each transaction gets its own Kysely
 * over a one-client "pool" that takes the client from the store's pool and remembers it; the
 * transaction, its error handling and the client's release stay Kysely's.
 */
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { Schema } from './schema.js';
import type { Db } from './store-db.js';

/** Kysely over a pg pool, configured the same for the store and for each transaction. */
export function postgresKysely(pool: Pick<pg.Pool, 'connect' | 'end'>): Kysely<Schema> {
  return new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Runs `fn` in a transaction on a client of `pool`; commits when it resolves, rolls back when
 * it throws. `fn` gets a `Db` whose `postgres.client` is the transaction's client.
 */
export async function runPostgresTransaction<T>(
  pool: pg.Pool,
  fn: (tx: Db) => Promise<T>,
): Promise<T> {
  let client: pg.PoolClient | null = null;
  const kysely = postgresKysely({
    connect: async () => {
      client = await pool.connect();
      return client;
    },
    // The store's pool is ended by the store.
    end: () => Promise.resolve(),
  });
  return kysely.transaction().execute((trx) => {
    if (client === null) throw new Error('the transaction began without a client');
    return fn({
      kysely: trx,
      dialect: 'postgres',
      sqlite: null,
      postgres: { pool, client },
      inTransaction: true,
    });
  });
}
