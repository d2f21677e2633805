import { describe, expect, test } from 'vitest';
import { LoginThrottle } from '../../src/runs/access/login-throttle.js';
import {
  SESSION_IDLE_MS,
  SESSION_MAX_MS,
  openSession,
  resolveSession,
} from '../../src/runs/access/sessions.js';
import { AppError } from '../../src/runs/app-error.js';
import { createAdmin } from '../../src/store/users-repository.js';
import { describeStore } from '../store/store-targets.js';

function retryAfter(throttle: LoginThrottle, login: string, address: string): number | null {
  try {
    throttle.assertAllowed(login, address);
    return null;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    expect(error.code).toBe('rate-limited');
    return error.details.retryAfterSeconds as number;
  }
}

describe('sign-in throttling', () => {
  test('each failure past the fifth doubles the lockout of the login, up to 15 minutes', () => {
    let now = 0;
    const throttle = new LoginThrottle(() => now);
    const waits: (number | null)[] = [];
    for (let failure = 1; failure <= 12; failure += 1) {
      throttle.recordFailure('Ada', `10.0.0.${failure}`);
      waits.push(retryAfter(throttle, 'ada', '192.0.2.1'));
      now += 3_600_000 / 100;
    }
    expect(waits.slice(0, 4)).toEqual([null, null, null, null]);
    expect(waits.slice(4)).toEqual([30, 60, 120, 240, 480, 900, 900, 900]);
  });

  test('a success clears the login’s failures', () => {
    const throttle = new LoginThrottle(() => 0);
    for (let i = 0; i < 4; i += 1) throttle.recordFailure('ada', '192.0.2.1');
    throttle.recordSuccess('ADA');
    throttle.recordFailure('ada', '192.0.2.1');
    expect(retryAfter(throttle, 'ada', '192.0.2.2')).toBeNull();
  });

  test('twenty failures from one address lock it for every login', () => {
    const throttle = new LoginThrottle(() => 0);
    for (let i = 0; i < 20; i += 1) throttle.recordFailure(`user${i}`, '198.51.100.7');
    expect(retryAfter(throttle, 'someone-else', '198.51.100.7')).toBe(30);
    expect(retryAfter(throttle, 'someone-else', '198.51.100.8')).toBeNull();
  });

  test('failures are forgotten an hour after the last one', () => {
    let now = 0;
    const throttle = new LoginThrottle(() => now);
    for (let i = 0; i < 4; i += 1) throttle.recordFailure('ada', '192.0.2.1');
    now += 61 * 60_000;
    throttle.recordFailure('ada', '192.0.2.1');
    expect(retryAfter(throttle, 'ada', '192.0.2.1')).toBeNull();
  });
});

describeStore('sessions expire', ({ store }) => {
  const actor = { id: null, name: 'test' };
  // Sessions are stamped with the context's clock, so these tests run on a clock of their own.
  const start = Date.now();
  const at = (ms: number) => () => new Date(start + ms);

  test('a session ends after 8 hours without a request', async () => {
    const user = await createAdmin(
      store().db,
      { fields: { userName: 'idle', email: 'idle@example.com' } },
      actor,
    );
    const ctx = { store: store(), sessionSecret: 's'.repeat(64) };
    const issued = await openSession({ ...ctx, clock: at(0) }, user.id, null);
    expect(
      await resolveSession({ ...ctx, clock: at(SESSION_IDLE_MS - 1000) }, issued.sessionId),
    ).not.toBeNull();
    expect(
      await resolveSession({ ...ctx, clock: at(2 * SESSION_IDLE_MS + 1000) }, issued.sessionId),
    ).toBeNull();
  });

  test('a session in use ends 7 days after sign-in', async () => {
    const user = await createAdmin(
      store().db,
      { fields: { userName: 'busy', email: 'busy@example.com' } },
      actor,
    );
    const ctx = { store: store(), sessionSecret: 's'.repeat(64) };
    const issued = await openSession({ ...ctx, clock: at(0) }, user.id, null);
    for (let ms = SESSION_IDLE_MS / 2; ms < SESSION_MAX_MS; ms += SESSION_IDLE_MS / 2) {
      expect(await resolveSession({ ...ctx, clock: at(ms) }, issued.sessionId)).not.toBeNull();
    }
    expect(
      await resolveSession({ ...ctx, clock: at(SESSION_MAX_MS + 1000) }, issued.sessionId),
    ).toBeNull();
  });

  test('a session of another secret is not found', async () => {
    const user = await createAdmin(
      store().db,
      { fields: { userName: 'secret', email: 'secret@example.com' } },
      actor,
    );
    const issued = await openSession(
      { store: store(), sessionSecret: 'a'.repeat(64) },
      user.id,
      null,
    );
    expect(
      await resolveSession({ store: store(), sessionSecret: 'b'.repeat(64) }, issued.sessionId),
    ).toBeNull();
  });
});
