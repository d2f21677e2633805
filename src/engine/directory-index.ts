import type { DirectorySnapshot, DirectoryUser } from './directory.js';
import { identityKey } from './normalise.js';

/** The directory looked up by identity keys; built once per plan. */
export interface DirectoryIndex {
  /** Users by the identity key of their userName. */
  readonly byUserName: ReadonlyMap<string, DirectoryUser>;
  /** Users by the identity key of their email. */
  readonly byEmail: ReadonlyMap<string, DirectoryUser>;
  /** Active users now. */
  readonly activeCount: number;
  /** Active administrators now. */
  readonly activeAdminCount: number;
}

/** Indexes a snapshot by userName and email keys and counts its active users. */
export function indexDirectory(snapshot: DirectorySnapshot): DirectoryIndex {
  const byUserName = new Map<string, DirectoryUser>();
  const byEmail = new Map<string, DirectoryUser>();
  let activeCount = 0;
  let activeAdminCount = 0;
  for (const user of snapshot.users) {
    byUserName.set(identityKey(user.fields.userName), user);
    if (user.fields.email !== '') byEmail.set(identityKey(user.fields.email), user);
    if (user.status === 'active') {
      activeCount += 1;
      if (user.role === 'admin') activeAdminCount += 1;
    }
  }
  return { byUserName, byEmail, activeCount, activeAdminCount };
}
