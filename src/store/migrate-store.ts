/**
 * Migrations, provided in code (not read from the filesystem) so that they run the same from
 * src/ under tsx and from dist/. Kysely's Migrator records what ran in `kysely_migration` and
 * takes its own lock, so two processes starting together migrate once.
 */
import { Migrator, type Migration } from 'kysely';
import { initialSchema } from './migrations/initial-schema.js';
import { outboxAttempts } from './migrations/outbox-attempts.js';
import { runRowsPartialClassIndex } from './migrations/run-rows-partial-class-index.js';
import { runRowsWithoutRunKeyCheck } from './migrations/run-rows-without-run-key-check.js';
import { runSources } from './migrations/run-sources.js';
import type { Db, StoreDialect } from './store-db.js';

/** Every migration, by name; names sort in the order they run. */
export function storeMigrations(dialect: StoreDialect): Record<string, Migration> {
  return {
    '0001-initial-schema': initialSchema(dialect),
    '0002-outbox-attempts': outboxAttempts(),
    '0003-run-rows-partial-class-index': runRowsPartialClassIndex(),
    '0004-run-rows-without-run-key-check': runRowsWithoutRunKeyCheck(dialect),
    '0005-run-sources': runSources(),
  };
}

/** What `migrateStore` did. */
export interface MigrationReport {
  /** The migrations applied now, in order; empty when the schema was up to date. */
  readonly applied: readonly string[];
}

/** Applies every pending migration; throws the first failure (that migration is rolled back). */
export async function migrateStore(db: Db): Promise<MigrationReport> {
  const migrations = storeMigrations(db.dialect);
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error');
    const cause = error instanceof Error ? error : new Error('unknown migration error');
    throw new Error(
      `database migration ${failed?.migrationName ?? ''} failed: ${cause.message}`.replace(
        '  ',
        ' ',
      ),
      { cause },
    );
  }
  return {
    applied: results
      .filter((result) => result.status === 'Success')
      .map((result) => result.migrationName),
  };
}
