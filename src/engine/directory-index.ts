import type { DirectorySnapshot, DirectoryUser } from './directory.js';
import { KeyTable } from './key-table.js';
import { identityKey } from './normalise.js';

/**
 * The directory looked up by identity keys; built once per plan. The maps give positions in
 * `users`, so that rules can keep per-user marks in arrays by position rather than in more hash
 * tables (at a million users every hash lookup is several cache misses).
 */
export interface DirectoryIndex {
  /** The snapshot's users. */
  readonly users: readonly DirectoryUser[];
  /** Positions of users by the identity key of their userName (the last user of a key wins). */
  readonly byUserName: KeyLookup;
  /** Positions of users by the identity key of their email (the last user of a key wins). */
  readonly byEmail: KeyLookup;
  /** Active users now. */
  readonly activeCount: number;
  /** Active administrators now. */
  readonly activeAdminCount: number;
}

/** Positions by identity key. */
export interface KeyLookup {
  get(key: string): number | undefined;
  has(key: string): boolean;
}

/** The user at `position` of the index (undefined for none, or a negative position). */
export function userAt(
  index: DirectoryIndex,
  position: number | undefined,
): DirectoryUser | undefined {
  return position === undefined || position < 0 ? undefined : index.users[position];
}

/** The user whose userName has the identity key `key`, if any. */
export function userNamed(index: DirectoryIndex, key: string): DirectoryUser | undefined {
  return userAt(index, index.byUserName.get(key));
}

/** Indexes a snapshot by userName and email keys and counts its active users. */
export function indexDirectory(snapshot: DirectorySnapshot): DirectoryIndex {
  const users = snapshot.users;
  const byUserName = new KeyTable(users.length);
  const byEmail = new KeyTable(users.length);
  let activeCount = 0;
  let activeAdminCount = 0;
  for (let position = 0; position < users.length; position++) {
    const user = users[position];
    if (user === undefined) continue;
    byUserName.set(identityKey(user.fields.userName), position);
    if (user.fields.email !== '') byEmail.set(identityKey(user.fields.email), position);
    if (user.status === 'active') {
      activeCount += 1;
      if (user.role === 'admin') activeAdminCount += 1;
    }
  }
  return { users, byUserName, byEmail, activeCount, activeAdminCount };
}
