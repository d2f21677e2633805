import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { failInterruptedRuns } from '../../src/runs/apply-run.js';
import type { RunView } from '../../src/runs/run-view.js';
import { setRunStatus } from '../../src/store/runs-repository.js';
import { ADMIN, adminToken, asToken, describeHttp } from './http-app.js';
import { aRow, csvOf, multipart, previewRows, uploadRun, waitForJob } from './http-requests.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/xlsx/${name}`, import.meta.url));

describeHttp('HTTP: configurations and runs', ({ app, store }) => {
  const call = async (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) => {
    const token = await adminToken(app());
    return app().inject({
      method,
      url,
      headers: asToken(token),
      ...(payload === undefined ? {} : { payload }),
    });
  };
  const createConfig = async (document: object) => {
    const response = await call('POST', '/api/configs', document);
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string; name: string }>();
  };
  const apply = async (runId: string) => {
    const token = await adminToken(app());
    const started = await app().inject({
      method: 'POST',
      url: `/api/runs/${runId}/apply`,
      headers: asToken(token),
    });
    expect(started.statusCode).toBe(202);
    return waitForJob(app(), token, started.json<{ jobId: string }>().jobId);
  };
  const runView = async (runId: string) =>
    (await call('GET', `/api/runs/${runId}`)).json<RunView>();

  test('a configuration is created, listed, shown by name, replaced, paused and deleted', async () => {
    const created = await createConfig({ name: 'Crud', newUsers: 'skip' });
    expect((await call('GET', '/api/configs')).json()).toMatchObject({
      items: expect.arrayContaining([expect.objectContaining({ name: 'Crud' })]) as unknown,
    });
    const byName = await call('GET', '/api/configs/Crud');
    expect(byName.json()).toMatchObject({ id: created.id, config: { newUsers: 'skip' } });
    const replaced = await call('PUT', `/api/configs/${created.id}`, {
      name: 'Crud',
      newUsers: 'create',
    });
    expect(replaced.json()).toMatchObject({ config: { newUsers: 'create' } });
    expect((await call('POST', `/api/configs/${created.id}/pause`)).json()).toMatchObject({
      status: 'paused',
    });
    expect((await call('POST', `/api/configs/${created.id}/resume`)).json()).toMatchObject({
      status: 'active',
    });
    expect((await call('DELETE', `/api/configs/${created.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/configs/${created.id}`)).statusCode).toBe(404);
  });

  test('a taken configuration name is 409 and an invalid document is 400 naming the field', async () => {
    await createConfig({ name: 'Taken' });
    const again = await call('POST', '/api/configs', { name: 'taken' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'name-taken' } });
    const invalid = await call('POST', '/api/configs', { name: 'Bad', newUsers: 'maybe' });
    expect(invalid.statusCode).toBe(400);
    expect(JSON.stringify(invalid.json())).toContain('body.newUsers');
  });

  test('a paused configuration cannot be previewed: 409 config-paused', async () => {
    const config = await createConfig({ name: 'Paused' });
    await call('POST', `/api/configs/${config.id}/pause`);
    const token = await adminToken(app());
    const response = await uploadRun(app(), token, config.id, {
      name: 'users.csv',
      content: csvOf([aRow('paula')]),
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ error: { code: 'config-paused' } });
  });

  test('a complete run: preview in the background, rows, conflicts, decisions, apply, export', async () => {
    const config = await createConfig({ name: 'Full', conflicts: { default: 'ask' } });
    const token = await adminToken(app());
    const first = await previewRows(app(), token, config.id, [aRow('alice'), aRow('bob')]);
    expect((await runView(first)).counts.new).toBe(2);
    const newRows = await call('GET', `/api/runs/${first}/rows?class=new&limit=1`);
    expect(newRows.json()).toMatchObject({
      total: 2,
      items: [{ userName: 'alice', class: 'new' }],
    });
    expect((await apply(first)).state).toBe('done');
    expect(await runView(first)).toMatchObject({ status: 'applied' });

    const second = await previewRows(app(), token, config.id, [
      aRow('alice', { title: 'CTO' }),
      aRow('bob'),
    ]);
    expect((await runView(second)).openConflicts).toBe(1);
    const refused = await call('POST', `/api/runs/${second}/apply`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'open-conflicts' } });
    const conflicts = await call('GET', `/api/runs/${second}/conflicts?open=true`);
    expect(conflicts.json()).toMatchObject({
      total: 1,
      items: [{ userName: 'alice', field: 'title', current: '', incoming: 'CTO', choice: null }],
    });
    const decided = await call('POST', `/api/runs/${second}/decisions`, {
      decisions: [
        { scope: 'one', userName: 'alice', field: 'title', choice: 'source', remember: true },
      ],
    });
    expect(decided.json()).toMatchObject({ openConflicts: 0, blockers: [] });
    const patched = await call('PATCH', `/api/runs/${second}`, { sendWelcomeEmail: false });
    expect(patched.json()).toMatchObject({ sendWelcomeEmail: false });
    expect((await apply(second)).state).toBe('done');
    const alice = await call('GET', '/api/users/alice');
    expect(alice.json()).toMatchObject({ fields: { title: 'CTO' } });

    const history = await call('GET', `/api/configs/${config.id}/runs`);
    expect(history.json<{ items: RunView[] }>().items.map((run) => run.status)).toEqual([
      'applied',
      'applied',
    ]);
    const exported = await call('GET', `/api/runs/${second}/export`);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    expect(exported.headers['content-disposition']).toContain('attachment');
    expect(exported.rawPayload.subarray(0, 2).toString()).toBe('PK');

    const forgotten = await call(
      'DELETE',
      `/api/configs/${config.id}/remembered?userName=alice&field=title`,
    );
    expect(forgotten.json()).toMatchObject({ remembered: [] });
    const again = await call(
      'DELETE',
      `/api/configs/${config.id}/remembered?userName=alice&field=title`,
    );
    expect(again.statusCode).toBe(404);
  });

  test('a decision that names no template field is a 400', async () => {
    const config = await createConfig({ name: 'Decide' });
    const token = await adminToken(app());
    const runId = await previewRows(app(), token, config.id, [aRow('dora')]);
    const response = await call('POST', `/api/runs/${runId}/decisions`, {
      decisions: [{ scope: 'field', field: 'shoeSize', choice: 'source' }],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'invalid-input' } });
  });

  test('a cancelled run cannot be applied or cancelled again: 409 run-state', async () => {
    const config = await createConfig({ name: 'Cancel' });
    const token = await adminToken(app());
    const runId = await previewRows(app(), token, config.id, [aRow('carl')]);
    expect((await call('POST', `/api/runs/${runId}/cancel`)).json()).toMatchObject({
      status: 'cancelled',
    });
    for (const url of [`/api/runs/${runId}/cancel`, `/api/runs/${runId}/apply`]) {
      const response = await call('POST', url);
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ error: { code: 'run-state' } });
    }
  });

  test('a directory changed since the preview fails the apply job and the run says so', async () => {
    const config = await createConfig({ name: 'Stale' });
    const token = await adminToken(app());
    const seed = await previewRows(app(), token, config.id, [aRow('erin')]);
    await apply(seed);
    const runId = await previewRows(app(), token, config.id, [
      aRow('erin', { department: 'Sales' }),
    ]);
    const edit = await call('PATCH', '/api/users/erin', { fields: { department: 'Legal' } });
    expect(edit.statusCode).toBe(200);
    const job = await apply(runId);
    expect(job).toMatchObject({ state: 'failed', error: { code: 'stale-plan' } });
    const run = await runView(runId);
    expect(run.status).toBe('failed');
    expect(run.errorMessage).not.toBeNull();
  });

  test('conflicts are paged with their total and every field’s counts, whatever page is shown', async () => {
    const config = await createConfig({ name: 'Many conflicts', conflicts: { default: 'ask' } });
    const token = await adminToken(app());
    const names = ['c1', 'c2', 'c3', 'c4', 'c5'];
    await apply(
      await previewRows(
        app(),
        token,
        config.id,
        names.map((name) => aRow(name)),
      ),
    );
    const runId = await previewRows(
      app(),
      token,
      config.id,
      names.map((name, i) =>
        aRow(name, { title: `T${String(i)}`, ...(i < 2 ? { city: 'Oslo' } : {}) }),
      ),
    );
    const page = await call('GET', `/api/runs/${runId}/conflicts?offset=2&limit=2`);
    expect(page.json()).toMatchObject({
      total: 7,
      fields: [
        { field: 'city', total: 2, open: 2 },
        { field: 'title', total: 5, open: 5 },
      ],
    });
    expect(page.json<{ items: unknown[] }>().items).toHaveLength(2);
    await call('POST', `/api/runs/${runId}/decisions`, {
      decisions: [{ scope: 'field', field: 'city', choice: 'destination' }],
    });
    const after = await call('GET', `/api/runs/${runId}/conflicts?limit=1`);
    expect(after.json()).toMatchObject({
      total: 7,
      fields: [
        { field: 'city', total: 2, open: 0 },
        { field: 'title', total: 5, open: 5 },
      ],
    });
    const history = await call('GET', `/api/configs/${config.id}/runs?limit=1`);
    expect(history.json()).toMatchObject({ total: 2, items: [{ id: runId }] });
  });

  test('a run over the deactivation safeguard is refused with 409 until overridden for that run', async () => {
    const config = await createConfig({
      name: 'Guarded',
      removedUsers: 'deactivate',
      deactivationLimit: { count: 1 },
    });
    const token = await adminToken(app());
    await apply(await previewRows(app(), token, config.id, [aRow('g1'), aRow('g2'), aRow('g3')]));
    const runId = await previewRows(app(), token, config.id, [aRow('g1')]);
    const refused = await call('POST', `/api/runs/${runId}/apply`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'safeguard' } });
    const overridden = await call('PATCH', `/api/runs/${runId}`, { overrideSafeguard: true });
    expect(overridden.json()).toMatchObject({ blockers: [] });
    expect((await apply(runId)).state).toBe('done');
    expect((await call('GET', '/api/users/g2')).json()).toMatchObject({ status: 'inactive' });
  });

  test('applying above the seat limit is refused with 409 seat-limit', async () => {
    const config = await createConfig({ name: 'Seats' });
    const token = await adminToken(app());
    const users = (await call('GET', '/api/users?status=active&limit=1')).json<{ total: number }>();
    await call('PUT', '/api/settings', { licensing: 'named', seatLimit: users.total });
    try {
      const runId = await previewRows(app(), token, config.id, [aRow('seatless')]);
      const response = await call('POST', `/api/runs/${runId}/apply`);
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ error: { code: 'seat-limit' } });
    } finally {
      await call('PUT', '/api/settings', { licensing: 'none', seatLimit: null });
    }
  });

  test('a run never deactivates the administrator applying it', async () => {
    const config = await createConfig({
      name: 'Removals',
      removedUsers: 'deactivate',
      conflicts: { default: 'keep-destination' },
    });
    const token = await adminToken(app());
    const adminRow = aRow(ADMIN.userName, { email: ADMIN.email });
    await apply(await previewRows(app(), token, config.id, [adminRow, aRow('dave')]));
    const runId = await previewRows(app(), token, config.id, [aRow('dave')]);
    const rows = await call('GET', `/api/runs/${runId}/rows?search=${ADMIN.userName}`);
    const [row] = rows.json<{ items: { class: string; reason: string | null }[] }>().items;
    expect(row?.class).not.toBe('deactivated');
    expect(row?.reason).toBe(
      'missing from file — not deactivated: they are the administrator applying this run',
    );
    await apply(runId);
    const admin = await call('GET', `/api/users/${ADMIN.userName}`);
    expect(admin.json()).toMatchObject({ status: 'active', role: 'admin' });
  });

  test('a run left applying by a stopped server is failed at start-up, and GET /api/runs says so', async () => {
    const config = await createConfig({ name: 'Interrupted' });
    const token = await adminToken(app());
    const runId = await previewRows(app(), token, config.id, [aRow('ivan')]);
    await setRunStatus(store().db, runId, 'applying', ['previewed']);
    expect(await failInterruptedRuns({ store: store() })).toBe(1);
    const run = await runView(runId);
    expect(run.status).toBe('failed');
    expect(run.errorMessage).toMatch(/nothing was changed|interrupted/i);
    expect((await call('GET', '/api/users/ivan')).statusCode).toBe(404);
  });

  test('unknown runs and configurations are 404', async () => {
    for (const url of ['/api/runs/nope', '/api/runs/nope/rows', '/api/configs/nope/runs']) {
      const response = await call('GET', url);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ error: { code: 'not-found' } });
    }
  });

  test('an upload named neither .xlsx nor .csv is refused with 415 before it is read', async () => {
    const config = await createConfig({ name: 'Types' });
    const token = await adminToken(app());
    const response = await uploadRun(app(), token, config.id, {
      name: 'users.pdf',
      content: '%PDF',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ error: { code: 'unsupported-media-type' } });
    const json = await call('POST', `/api/configs/${config.id}/runs`, { file: 'x' });
    expect(json.statusCode).toBe(415);
  });

  test('.xls and .ods files are refused by the reader with its message: 422 file-refused', async () => {
    const token = await adminToken(app());
    for (const name of ['users-libreoffice.xls', 'users-libreoffice.ods']) {
      const body = multipart([{ name: 'file', fileName: name, content: fixture(name) }]);
      const response = await app().inject({
        method: 'POST',
        url: '/api/sample-file',
        headers: { ...asToken(token), 'content-type': body.contentType },
        payload: body.payload,
      });
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({ error: { code: 'file-refused' } });
    }
  });

  test('a multipart request without a file part is a 400', async () => {
    const token = await adminToken(app());
    const body = multipart([{ name: 'note', content: 'no file' }]);
    const response = await app().inject({
      method: 'POST',
      url: '/api/sample-file',
      headers: { ...asToken(token), 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(response.statusCode).toBe(400);
  });

  test('the sample-file check maps headers to fields and lists ignored columns', async () => {
    const token = await adminToken(app());
    const body = multipart([
      { name: 'file', fileName: 'sample.xlsx', content: fixture('users-openpyxl.xlsx') },
    ]);
    const response = await app().inject({
      method: 'POST',
      url: '/api/sample-file',
      headers: { ...asToken(token), 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(response.statusCode).toBe(200);
    const report = response.json<{ columns: { field: string | null }[]; rows: number }>();
    expect(report.columns.map((column) => column.field)).toContain('userName');
    expect(report.rows).toBeGreaterThan(0);
  });

  test('the template downloads as an .xlsx attachment', async () => {
    const response = await call('GET', '/api/template');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain('usersync-template.xlsx');
    expect(response.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});
