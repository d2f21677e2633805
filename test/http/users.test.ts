import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { parseServerConfig } from '../../src/http/server-config.js';
import { startServer } from '../../src/http/server.js';
import { setRunStatus } from '../../src/store/runs-repository.js';
import { createUser } from '../../src/store/users-repository.js';
import { ADMIN, adminSession, adminToken, asBrowser, asToken, describeHttp } from './http-app.js';
import { aRow, csvOf, previewRows, uploadRun } from './http-requests.js';

describeHttp('HTTP: users and settings', ({ app, store }) => {
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) => {
    const token = await adminToken(app());
    return app().inject({
      method,
      url,
      headers: asToken(token),
      ...(payload === undefined ? {} : { payload }),
    });
  };

  test('the users list searches, filters and pages, with the total', async () => {
    const actor = { id: null, name: 'test' };
    for (const name of ['zoe.one', 'zoe.two', 'zoe.three']) {
      await createUser(store().db, { fields: aRowFields(name) }, actor);
    }
    const page = await call('GET', '/api/users?search=zoe&limit=2&offset=1');
    expect(page.statusCode).toBe(200);
    const body = page.json<{ total: number; items: { fields: { userName: string } }[] }>();
    expect(body.total).toBe(3);
    expect(body.items.map((user) => user.fields.userName)).toEqual(['zoe.three', 'zoe.two']);
    expect(JSON.stringify(body)).not.toContain('passwordHash');
    const byHand = await call('GET', '/api/users?createdBySync=false&status=active');
    expect(byHand.json<{ total: number }>().total).toBeGreaterThanOrEqual(4);
    const bad = await call('GET', '/api/users?status=sleeping');
    expect(bad.statusCode).toBe(400);
  });

  test('a user is shown with their history, edited, deactivated and activated', async () => {
    await createUser(store().db, { fields: aRowFields('yuri') }, { id: null, name: 'test' });
    const edited = await call('PATCH', '/api/users/yuri', { fields: { title: 'Engineer' } });
    expect(edited.json()).toMatchObject({ fields: { title: 'Engineer' } });
    const shown = await call('GET', '/api/users/yuri');
    const history = shown.json<{ history: { action: string; field: string | null }[] }>().history;
    expect(history[0]).toMatchObject({ action: 'user.update', field: 'title' });
    expect((await call('POST', '/api/users/yuri/deactivate')).json()).toMatchObject({
      status: 'inactive',
    });
    expect((await call('POST', '/api/users/yuri/activate')).json()).toMatchObject({
      status: 'active',
    });
  });

  test('an invalid edit is a 400 naming the field, and an unknown user is a 404', async () => {
    const invalid = await call('PATCH', `/api/users/${ADMIN.userName}`, {
      fields: { email: 'not an address' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json<{ error: { message: string } }>().error.message).toContain('email');
    expect((await call('GET', '/api/users/nobody-here')).statusCode).toBe(404);
  });

  test('an administrator cannot deactivate themself: 403', async () => {
    const session = await adminSession(app());
    const response = await app().inject({
      method: 'POST',
      url: `/api/users/${ADMIN.userName}/deactivate`,
      headers: asBrowser(session),
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  test('activating above the seat limit is a 409 seat-limit', async () => {
    await createUser(
      store().db,
      { fields: aRowFields('sleeper'), status: 'inactive' },
      { id: null, name: 'test' },
    );
    const active = (await call('GET', '/api/users?status=active&limit=1')).json<{
      total: number;
    }>();
    await call('PUT', '/api/settings', { licensing: 'named', seatLimit: active.total });
    try {
      const response = await call('POST', '/api/users/sleeper/activate');
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ error: { code: 'seat-limit' } });
    } finally {
      await call('PUT', '/api/settings', { licensing: 'none', seatLimit: null });
    }
  });

  test('settings are read with defaults and changed; an invalid change is a 400', async () => {
    const initial = await call('GET', '/api/settings');
    expect(initial.json()).toMatchObject({ licensing: 'none', ssoDomains: [] });
    const changed = await call('PUT', '/api/settings', { ssoDomains: ['Example.COM'] });
    expect(changed.json()).toMatchObject({ ssoDomains: ['example.com'] });
    const invalid = await call('PUT', '/api/settings', { seatLimit: -1 });
    expect(invalid.statusCode).toBe(400);
    const unknown = await call('PUT', '/api/settings', { colour: 'blue' });
    expect(unknown.statusCode).toBe(400);
    await call('PUT', '/api/settings', { ssoDomains: [] });
  });

  test('a change to some settings leaves every other setting as it was', async () => {
    await call('PUT', '/api/settings', {
      licensing: 'named',
      seatLimit: 1000,
      ssoDomains: ['sso.example'],
    });
    try {
      const changed = await call('PUT', '/api/settings', { limits: { maxRows: 5000 } });
      expect(changed.json()).toEqual({
        licensing: 'named',
        seatLimit: 1000,
        ssoDomains: ['sso.example'],
        limits: { maxRows: 5000 },
      });
      const seats = await call('PUT', '/api/settings', { seatLimit: 2000 });
      expect(seats.json()).toMatchObject({ licensing: 'named', ssoDomains: ['sso.example'] });
    } finally {
      await call('PUT', '/api/settings', {
        licensing: 'none',
        seatLimit: null,
        ssoDomains: [],
        limits: {},
      });
    }
  });
});

function aRowFields(userName: string) {
  const row = aRow(userName);
  return { userName, email: row.email ?? '', firstName: 'First', lastName: userName };
}

describeHttp(
  'HTTP: upload limit',
  ({ app }) => {
    test('an upload over the limit is refused with 413 naming the limit, and no file is left', async () => {
      const token = await adminToken(app());
      const created = await app().inject({
        method: 'POST',
        url: '/api/configs',
        headers: asToken(token),
        payload: { name: 'Big' },
      });
      const uploadsBefore = tempUploads();
      const big = `${csvOf([aRow('big')])}${'x,'.repeat(600_000)}`;
      const response = await uploadRun(app(), token, created.json<{ id: string }>().id, {
        name: 'big.csv',
        content: big,
      });
      expect(response.statusCode).toBe(413);
      expect(response.json()).toMatchObject({ error: { code: 'payload-too-large' } });
      expect(response.json<{ error: { message: string } }>().error.message).toContain('1 MiB');
      expect(tempUploads()).toEqual(uploadsBefore);
    });

    test('after a preview the uploaded file is removed', async () => {
      const token = await adminToken(app());
      const uploadsBefore = tempUploads();
      await previewRows(app(), token, 'Big', [aRow('small')]);
      expect(tempUploads()).toEqual(uploadsBefore);
    });
  },
  { sqliteOnly: true, env: { USERSYNC_MAX_UPLOAD_MIB: '1' } },
);

function tempUploads(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('usersync-upload-'));
}

test('a server restarted after a stop during an apply starts with that run failed', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'usersync-restart-'));
  const config = parseServerConfig({ USERSYNC_DATA_DIR: dataDir });
  try {
    const first = await startServer(config);
    const token = await adminToken(first.app);
    const created = await first.app.inject({
      method: 'POST',
      url: '/api/configs',
      headers: asToken(token),
      payload: { name: 'Restart' },
    });
    const runId = await previewRows(first.app, token, created.json<{ id: string }>().id, [
      aRow('rita'),
    ]);
    await setRunStatus(first.store.db, runId, 'applying', ['previewed']);
    await first.close();

    const second = await startServer(config);
    try {
      expect(second.interruptedRuns).toBe(1);
      const run = await second.app.inject({ url: `/api/runs/${runId}`, headers: asToken(token) });
      expect(run.json()).toMatchObject({ status: 'failed' });
      expect(run.json<{ errorMessage: string | null }>().errorMessage).not.toBeNull();
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
