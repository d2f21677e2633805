/**
 * Makes held welcome rows readable: a row queued without content and held because no mail
 * server is configured gets the message it would have carried, with the link redacted (no token
 * is issued), so an administrator can read it in the mailbox and with `usersync mail show`.
 */
import type { HeldRow } from '../../store/outbox-delivery-repository.js';
import { fillRowContent } from '../../store/outbox-delivery-repository.js';
import type { Db } from '../../store/store-db.js';
import { selectUserRecords, toUserRecord, type UserRecord } from '../../store/user-record.js';
import { renderWelcomePreview, type WelcomeSettings } from './welcome-renderer.js';

const CHUNK = 500;

async function usersById(db: Db, ids: readonly string[]): Promise<Map<string, UserRecord>> {
  const users = new Map<string, UserRecord>();
  for (let from = 0; from < ids.length; from += CHUNK) {
    const chunk = ids.slice(from, from + CHUNK);
    const rows = await selectUserRecords(db).where('u.id', 'in', chunk).execute();
    for (const row of rows) users.set(row.id, toUserRecord(row));
  }
  return users;
}

/** Renders the held welcome rows that have no content, link redacted, and stores the result. */
export async function fillHeldPreviews(
  db: Db,
  settings: WelcomeSettings,
  held: readonly HeldRow[],
  now: Date,
): Promise<void> {
  const rows = held.filter((row) => row.isUnrendered && row.kind === 'welcome');
  const userIds = [...new Set(rows.flatMap((row) => (row.userId === null ? [] : [row.userId])))];
  const users = await usersById(db, userIds);
  const contents = rows.flatMap((row) => {
    const user = row.userId === null ? undefined : users.get(row.userId);
    return user === undefined
      ? []
      : [{ id: row.id, content: renderWelcomePreview(settings, user, now) }];
  });
  await fillRowContent(db, contents);
}
