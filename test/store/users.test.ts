import { expect, test } from 'vitest';
import { loadDirectory } from '../../src/store/load-directory.js';
import { listAuditByUser } from '../../src/store/audit-log-repository.js';
import { StoreError } from '../../src/store/store-error.js';
import {
  countUsers,
  createAdmin,
  createUser,
  findUserForSignIn,
  getUserByUserName,
  listUsers,
  setUserStatus,
  updateUserFields,
} from '../../src/store/users-repository.js';
import { aUser, anActor, someFields } from './builders.js';
import { describeStore } from './store-targets.js';

describeStore('store: migrations and users', ({ store }) => {
  test('migrating again applies nothing (migrations are idempotent)', async () => {
    expect((await store().migrate()).applied).toEqual([]);
  });

  test('a created user is found by userName whatever its case, spacing or Unicode form', async () => {
    await createUser(store().db, aUser('José.Núñez'), anActor);
    const decomposed = ' JOSE\u0301.NU\u0301N\u0303EZ '.normalize('NFD');
    const found = await getUserByUserName(store().db, decomposed);
    expect(found?.fields.userName).toBe('José.Núñez');
    expect(found?.status).toBe('active');
    expect(found?.hasPassword).toBe(false);
  });

  test('userNames equal after trimming, NFC and case folding are refused as taken', async () => {
    await createUser(store().db, aUser('dup.user'), anActor);
    const again = createUser(
      store().db,
      { fields: someFields('DUP.USER', { email: 'other@example.com' }) },
      anActor,
    );
    await expect(again).rejects.toMatchObject({ code: 'user-taken' });
  });

  test('emails are unique among users, compared case-insensitively', async () => {
    await createUser(store().db, aUser('mail.one'), anActor);
    const clash = createUser(
      store().db,
      { fields: someFields('mail.two', { email: 'MAIL.ONE@example.com' }) },
      anActor,
    );
    await expect(clash).rejects.toBeInstanceOf(StoreError);
  });

  test('the snapshot shows each manager as the manager’s userName', async () => {
    await createUser(store().db, aUser('boss'), anActor);
    await createUser(store().db, { fields: someFields('worker', { manager: 'BOSS' }) }, anActor);
    const snapshot = await loadDirectory(store().db);
    const worker = snapshot.users.find((user) => user.fields.userName === 'worker');
    const boss = snapshot.users.find((user) => user.fields.userName === 'boss');
    expect(worker?.fields.manager).toBe('boss');
    expect(boss?.fields.manager).toBe('');
    expect(worker?.fields.email).toBe('worker@example.com');
  });

  test('an administrator signs in by userName or email and keeps a password hash', async () => {
    await createAdmin(store().db, aUser('root.admin', { passwordHash: 'hash!' }), anActor);
    const byName = await findUserForSignIn(store().db, 'Root.Admin');
    const byEmail = await findUserForSignIn(store().db, 'ROOT.ADMIN@example.com');
    expect(byName?.user.role).toBe('admin');
    expect(byName?.passwordHash).toBe('hash!');
    expect(byEmail?.user.id).toBe(byName?.user.id);
  });

  test('the users list searches, filters and pages', async () => {
    for (const name of ['list.a', 'list.b', 'list.c']) {
      await createUser(store().db, aUser(name), anActor);
    }
    const inactive = await getUserByUserName(store().db, 'list.b');
    if (inactive === null) throw new Error('missing');
    await setUserStatus(store().db, inactive.id, 'inactive', anActor);
    const page = await listUsers(store().db, { search: 'LIST.', limit: 2 });
    expect(page.total).toBe(3);
    expect(page.users.map((user) => user.fields.userName)).toEqual(['list.a', 'list.b']);
    const onlyInactive = await listUsers(store().db, { search: 'list.', status: 'inactive' });
    expect(onlyInactive.users.map((user) => user.fields.userName)).toEqual(['list.b']);
    const bySync = await listUsers(store().db, { search: 'list.', createdBySync: true });
    expect(bySync.total).toBe(0);
    const literal = await listUsers(store().db, { search: 'list_' });
    expect(literal.total).toBe(0);
    expect((await countUsers(store().db)).total).toBeGreaterThanOrEqual(3);
  });

  test('a manual edit changes the fields and writes one audit entry per changed field', async () => {
    const user = await createUser(store().db, aUser('edit.me'), anActor);
    await createUser(store().db, aUser('edit.boss'), anActor);
    const edited = await updateUserFields(
      store().db,
      user.id,
      { title: 'Engineer', manager: 'edit.boss', firstName: 'First' },
      anActor,
    );
    expect(edited.fields.title).toBe('Engineer');
    expect(edited.fields.manager).toBe('edit.boss');
    const history = await listAuditByUser(store().db, user.id);
    expect(history.map((entry) => [entry.action, entry.field, entry.before, entry.after])).toEqual([
      ['user.update', 'manager', '', 'edit.boss'],
      ['user.update', 'title', '', 'Engineer'],
      ['user.create', null, null, null],
    ]);
  });

  test('a status change by hand is audited as the active field', async () => {
    const user = await createUser(store().db, aUser('status.me'), anActor);
    await setUserStatus(store().db, user.id, 'inactive', anActor);
    const [latest] = await listAuditByUser(store().db, user.id);
    expect(latest).toMatchObject({
      action: 'user.status',
      field: 'active',
      before: 'true',
      after: 'false',
    });
  });
});
