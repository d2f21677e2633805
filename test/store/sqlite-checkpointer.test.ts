/**
 * SQLite checkpoints run on their own thread (src/store/sqlite-checkpointer.ts): a commit only
 * appends to the WAL, and the thread copies the WAL into the database file soon after.
 */
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/open-store.js';

let dataDir = '';
let store: Store | null = null;

afterEach(async () => {
  await store?.close();
  store = null;
  rmSync(dataDir, { recursive: true, force: true });
});

function openFresh(): Store {
  dataDir = mkdtempSync(join(tmpdir(), 'usersync-checkpoint-'));
  store = openStore({ dataDir });
  return store;
}

/** Writes `pages` 4 KiB pages' worth of rows in one transaction. */
function writePages(target: Store, pages: number): void {
  const raw = target.db.sqlite;
  if (raw === null) throw new Error('not SQLite');
  raw.exec('create table if not exists filler (body text)');
  const insert = raw.prepare('insert into filler values (?)');
  raw.transaction(() => {
    for (let page = 0; page < pages; page++) insert.run('x'.repeat(3900) + String(page));
  })();
}

async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

describe('SQLite checkpoints', () => {
  it('a commit does not checkpoint: the connection has automatic checkpoints off', () => {
    const opened = openFresh();
    expect(opened.db.sqlite?.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  });

  it('the checkpoint thread copies a large commit from the WAL into the database file', async () => {
    const opened = openFresh();
    await opened.migrate();
    const file = join(dataDir, 'usersync.db');
    const before = statSync(file).size;
    writePages(opened, 2000);
    // 2000 pages of ~4 KiB: the database file grows by about 8 MB once they are checkpointed.
    expect(await eventually(() => statSync(file).size > before + 7_000_000)).toBe(true);
  });

  it('closing the store checkpoints last: the database file alone holds every commit', async () => {
    const opened = openFresh();
    writePages(opened, 300);
    await opened.close();
    store = null;
    // Only the main file, without its WAL: it has the rows only if they were checkpointed.
    const copy = join(dataDir, 'copy.db');
    copyFileSync(join(dataDir, 'usersync.db'), copy);
    const database = new Database(copy, { readonly: true });
    try {
      expect(database.prepare('select count(*) from filler').pluck().get()).toBe(300);
    } finally {
      database.close();
    }
  });
});
