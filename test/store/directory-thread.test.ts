import { renameSync } from 'node:fs';
import { expect, test } from 'vitest';
import { createConfig } from '../../src/store/configs-repository.js';
import { loadDirectoryAside, type DirectoryLoad } from '../../src/store/directory-thread.js';
import { insertRows } from '../../src/store/insert-rows.js';
import { loadDirectory } from '../../src/store/load-directory.js';
import { createdUserRow, USERS_TABLE } from '../../src/store/users-table.js';
import type { Store } from '../../src/store/open-store.js';
import type { Db } from '../../src/store/store-db.js';
import { aConfig, aCreate, anActor, someFields } from './builders.js';
import { describeStore, STORE_TARGETS } from './store-targets.js';

/** More users than two of the thread's batches, and than its trial of a column. */
const USERS = 10_000;

/**
 * Users whose columns behave differently: unique (userName, email), repeating (department),
 * unique at first and repeating later (title), mostly blank (middleName), non-ASCII (city);
 * with managers, and some inactive, SSO and administrator users.
 */
async function fillDirectory(db: Db): Promise<void> {
  const config = await createConfig(db, aConfig(`Directory ${String(Date.now())}`), anActor);
  const now = new Date().toISOString();
  const rows = Array.from({ length: USERS }, (_, index) => {
    const userName = `thread.user${String(index)}`;
    const user = aCreate(userName, {
      fields: someFields(userName, {
        department: `Department ${String(index % 7)}`,
        title: index < 6000 ? `Title ${String(index)}` : `Title ${String(index % 3)}`,
        middleName: index % 97 === 0 ? 'Middle' : '',
        city: index % 2 === 0 ? 'Zürich' : 'Łódź 東京',
      }),
      status: index % 13 === 0 ? 'inactive' : 'active',
      authMethod: index % 5 === 0 ? 'sso' : 'password',
    });
    const managerId = index >= 100 ? `thread-id-${String(index % 100)}` : null;
    const row = createdUserRow(user, `thread-id-${String(index)}`, managerId, config.id, now);
    return index === 1 ? row.map((value) => (value === 'user' ? 'admin' : value)) : row;
  });
  await insertRows(db, USERS_TABLE, rows);
}

describeStore('store: the directory read on its own thread', ({ store }) => {
  test('the directory read on its thread equals the one read here, in the same order', async () => {
    await fillDirectory(store().db);
    const { load, warnings } = loadRecordingWarnings(store().db);
    const [aside, here] = await Promise.all([load.snapshot(), loadDirectory(store().db)]);
    expect(aside.users).toHaveLength(USERS);
    expect(aside).toEqual(here);
    expect(aside.users.find((user) => user.fields.userName === 'thread.user1234')).toMatchObject({
      fields: { manager: 'thread.user34', department: 'Department 2', city: 'Zürich' },
    });
    expect(warnings).toEqual([]);
  });

  test('a load that is cancelled ends its thread without reporting a failure', async () => {
    const { load, warnings } = loadRecordingWarnings(store().db);
    load.cancel();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(warnings).toEqual([]);
  });
});

const sqlite = STORE_TARGETS.find((target) => target.name === 'sqlite');

/** Runs `body` on a fresh, filled SQLite store of its own (these tests break their database). */
async function withFilledSqlite(body: (store: Store) => Promise<void>): Promise<void> {
  if (sqlite === undefined) throw new Error('no SQLite target');
  const database = await sqlite.create();
  const store = database.open();
  try {
    await store.migrate();
    await fillDirectory(store.db);
    await body(store);
  } finally {
    await store.close();
    await database.drop();
  }
}

/** Starts a load that records the warnings it logs. */
function loadRecordingWarnings(db: Db): { load: DirectoryLoad; warnings: string[] } {
  const warnings: string[] = [];
  const load = loadDirectoryAside(db, { warn: (_, message) => warnings.push(message) });
  return { load, warnings };
}

const THREAD_FAILED = 'the directory thread failed; reading the directory on the main thread';

test('a thread that cannot open the SQLite file is reported, and the directory is read here', async () => {
  await withFilledSqlite(async (store) => {
    const expected = await loadDirectory(store.db);
    // The store's connection keeps the file open; the thread finds no file at its path.
    renameSync(store.location, `${store.location}.moved`);
    const { load, warnings } = loadRecordingWarnings(store.db);
    expect(await load.snapshot()).toEqual(expected);
    expect(warnings).toEqual([THREAD_FAILED]);
  });
});

test('a user the main thread cannot read fails the load with the same error as reading it here', async () => {
  await withFilledSqlite(async (store) => {
    const raw = store.db.sqlite;
    if (raw === null) throw new Error('not SQLite');
    // Only a database edited by hand, past its CHECK constraint, can hold such a row.
    raw.pragma('ignore_check_constraints = ON');
    raw.prepare("update users set status = 'retired' where id = 'thread-id-9000'").run();
    const { load, warnings } = loadRecordingWarnings(store.db);
    const unreadable = 'unexpected user status in the database: retired';
    await expect(load.snapshot()).rejects.toThrow(unreadable);
    await expect(loadDirectory(store.db)).rejects.toThrow(unreadable);
    expect(warnings).toEqual([THREAD_FAILED]);
  });
});
