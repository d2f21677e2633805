/**
 * A test double of the store's "apply a plan" transaction, as a pure function: it carries out a
 * plan's `changes` on a snapshot so that properties can plan again against the result.
 */
import type { DirectorySnapshot, DirectoryUser } from '../../src/engine/directory.js';
import { identityKey } from '../../src/engine/normalise.js';
import type { Plan } from '../../src/engine/plan.js';

/** The id the test store gives a user created by a plan: stable, so that re-planning is comparable. */
export function newUserId(userName: string): string {
  return `new-${identityKey(userName)}`;
}

/**
 * Applies `plan.changes` to `snapshot` the way the store would: creates users (role `user`, id
 * from `newUserId`), sets the changed fields, changes statuses. `manager` is stored as a reference,
 * so it takes the spelling of the manager's stored userName. Throws where the store's constraints
 * would refuse the transaction: an unknown user, a manager that is no user, or a userName or email
 * that two users would share.
 */
export function applyChanges(snapshot: DirectorySnapshot, plan: Plan): DirectorySnapshot {
  const users = new Map<string, DirectoryUser>(snapshot.users.map((user) => [user.id, user]));
  const touched = new Set<string>();
  for (const change of plan.changes) {
    if (change.kind === 'create') {
      const id = newUserId(change.fields.userName);
      if (users.has(id)) throw new Error(`create: user ${change.fields.userName} already exists`);
      users.set(id, {
        id,
        fields: { ...change.fields },
        status: change.status,
        authMethod: change.authMethod,
        role: 'user',
      });
      touched.add(id);
      continue;
    }
    const user = users.get(change.userId);
    if (user === undefined) throw new Error(`update: no user with id ${change.userId}`);
    users.set(user.id, {
      ...user,
      fields: { ...user.fields, ...change.set },
      status: change.status ?? user.status,
    });
    if (change.set.manager !== undefined) touched.add(user.id);
  }
  const byUserName = new Map<string, DirectoryUser>();
  const emails = new Set<string>();
  for (const user of users.values()) {
    const key = identityKey(user.fields.userName);
    if (byUserName.has(key)) throw new Error(`two users named ${user.fields.userName}`);
    byUserName.set(key, user);
    if (user.fields.email === '') continue;
    const email = identityKey(user.fields.email);
    if (emails.has(email)) throw new Error(`two users with the email ${user.fields.email}`);
    emails.add(email);
  }
  for (const id of touched) {
    const user = users.get(id);
    if (user === undefined || user.fields.manager === '') continue;
    const manager = byUserName.get(identityKey(user.fields.manager));
    if (manager === undefined) {
      throw new Error(`${user.fields.userName}'s manager ${user.fields.manager} is no user`);
    }
    users.set(id, { ...user, fields: { ...user.fields, manager: manager.fields.userName } });
  }
  return { users: [...users.values()] };
}
