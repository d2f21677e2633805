/** One statement on a PostgreSQL server outside any store (creating and dropping bench databases). */
import pg from 'pg';

/** Runs `text` on its own connection to `url`, then closes it. */
export async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
