/**
 * A portable "column contains text" condition: LIKE with an explicit ESCAPE, since SQLite has no
 * default escape character and PostgreSQL's is the backslash.
 */
import { sql, type RawBuilder } from 'kysely';

/** `column LIKE '%text%' ESCAPE '\'`, with %, _ and \ in `text` taken literally. */
export function containsText(column: string, text: string): RawBuilder<boolean> {
  const pattern = `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  return sql<boolean>`${sql.ref(column)} like ${pattern} escape '\\'`;
}
