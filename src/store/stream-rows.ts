/**
 * PostgreSQL reads of many rows (every staged source of a run, every user) handed over one row at
 * a time as they arrive, as SQLite's `iterate()` does. Through Kysely a result is every row at
 * once (1M rows of objects and their strings), or pages from a cursor: each page's strings then
 * live until the whole page is handled, long enough for V8 to promote them to the old generation
 * (an apply of 1M rows promoted all 330 MB of its staged sources, garbage a moment later), and
 * the server copies each page into a tuplestore that spills to a temporary file first.
 */
import pg from 'pg';

/**
 * Runs `text` on `client` (a transaction's, `Db.postgres.client`) and calls `onRow` with each
 * row, an array of its columns in select order, as it arrives; no row is kept. One statement
 * reads one snapshot. If `onRow` throws, the rows after it are read and dropped, and the promise
 * rejects with that error once the statement has ended (so nothing runs on the connection
 * then); a failing statement rejects with the server's error.
 */
export async function streamRows(
  client: pg.PoolClient,
  text: string,
  values: readonly unknown[],
  onRow: (row: unknown[]) => void,
): Promise<void> {
  const config: pg.QueryArrayConfig = { text, values: [...values], rowMode: 'array' };
  const query = new pg.Query<unknown[]>(config);
  const state: { failure: { readonly error: unknown } | null } = { failure: null };
  // Must not throw: pg calls it while parsing the connection's input.
  query.on('row', (row) => {
    if (state.failure !== null) return;
    try {
      onRow(row);
    } catch (error) {
      state.failure = { error };
    }
  });
  await new Promise<void>((resolve, reject) => {
    query.on('end', () => {
      resolve();
    });
    query.on('error', reject);
    client.query(query);
  });
  if (state.failure !== null) throw state.failure.error;
}
