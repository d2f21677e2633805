import { expect, test } from 'vitest';
import {
  createApiToken,
  listApiTokens,
  revokeApiToken,
  useApiToken,
} from '../../src/store/api-tokens-repository.js';
import {
  consumePasswordToken,
  issuePasswordToken,
} from '../../src/store/password-tokens-repository.js';
import {
  createSession,
  deleteExpiredSessions,
  findSession,
} from '../../src/store/sessions-repository.js';
import { createUser } from '../../src/store/users-repository.js';
import { aUser, anActor } from './builders.js';
import { describeStore } from './store-targets.js';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describeStore('store: tokens and sessions', ({ store }) => {
  test('a set-password token works once, and a newer token replaces the older one', async () => {
    const user = await createUser(store().db, aUser('token.user'), anActor);
    await issuePasswordToken(store().db, {
      tokenHash: 'old',
      userId: user.id,
      expiresAt: inDays(7),
    });
    await issuePasswordToken(store().db, {
      tokenHash: 'new',
      userId: user.id,
      expiresAt: inDays(7),
    });
    expect(await consumePasswordToken(store().db, 'old')).toBeNull();
    expect(await consumePasswordToken(store().db, 'new')).toBe(user.id);
    expect(await consumePasswordToken(store().db, 'new')).toBeNull();
  });

  test('an expired set-password token is refused', async () => {
    const user = await createUser(store().db, aUser('expired.user'), anActor);
    await issuePasswordToken(store().db, {
      tokenHash: 'stale',
      userId: user.id,
      expiresAt: inDays(-1),
    });
    expect(await consumePasswordToken(store().db, 'stale')).toBeNull();
  });

  test('a session is found until it expires', async () => {
    const user = await createUser(store().db, aUser('session.user'), anActor);
    await createSession(store().db, {
      idHash: 's1',
      userId: user.id,
      csrfTokenHash: 'c',
      expiresAt: inDays(1),
    });
    await createSession(store().db, {
      idHash: 's2',
      userId: user.id,
      csrfTokenHash: 'c',
      expiresAt: inDays(-1),
    });
    expect((await findSession(store().db, 's1'))?.userId).toBe(user.id);
    expect(await findSession(store().db, 's2')).toBeNull();
    expect(await deleteExpiredSessions(store().db)).toBe(1);
  });

  test('an API token authenticates until revoked and records its last use', async () => {
    const token = await createApiToken(store().db, {
      name: 'CI',
      tokenHash: 'h1',
      createdBy: null,
    });
    expect((await useApiToken(store().db, 'h1'))?.lastUsedAt).not.toBeNull();
    expect(await revokeApiToken(store().db, token.id)).toBe(true);
    expect(await useApiToken(store().db, 'h1')).toBeNull();
    expect((await listApiTokens(store().db)).map((listed) => listed.name)).toContain('CI');
  });
});
