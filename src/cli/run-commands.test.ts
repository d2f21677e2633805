import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { main, type CliIo } from './main.js';

const folder = mkdtempSync(join(tmpdir(), 'usersync-cli-'));
const dataDir = join(folder, 'data');

/** Runs the command line in-process; returns its exit code and what it printed. */
async function cli(args: readonly string[], confirm?: boolean) {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (text) => (out += text),
    err: (text) => (err += text),
    ...(confirm === undefined ? {} : { confirm: () => Promise.resolve(confirm) }),
  };
  const code = await main(['--data-dir', dataDir, ...args], io);
  return { code, out, err };
}

function csv(name: string, lines: readonly string[]): string {
  const path = join(folder, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const first = () =>
  csv('first.csv', [
    'userName,email,firstName,lastName,title,Badge',
    'ann,ann@example.com,Ann,Archer,CEO,1',
    'bob,bob@example.com,Bob,Baker,CTO,2',
    'cyd,not-an-address,Cyd,Cole,,3',
  ]);

describe('the command line drives a whole run', () => {
  beforeAll(async () => {
    const created = await cli([
      'config',
      'create',
      '--name',
      'HR weekly',
      '--removed-users',
      'deactivate',
      '--field-rule',
      'title=ask',
    ]);
    expect(created.code).toBe(0);
  });

  test('preview --json prints the documented object and changes nothing', async () => {
    const { code, out } = await cli(['preview', 'HR weekly', first(), '--json']);
    expect(code).toBe(0);
    const preview = JSON.parse(out) as Record<string, unknown>;
    expect(preview).toMatchObject({
      status: 'previewed',
      counts: { new: 2, updated: 0, deactivated: 0, skipped: 0, error: 1 },
      ignoredColumns: ['Badge'],
      seats: { active: 0, after: 2, limit: null },
      conflicts: [],
    });
    const rows = preview.rows as { userName: string; errors: { field: string; code: string }[] }[];
    const cyd = rows.find((row) => row.userName === 'cyd');
    expect(cyd).toMatchObject({ row: 4, class: 'error', reason: null, changes: [] });
    expect(cyd?.errors.map((error) => error.field)).toEqual(['email']);
    expect(cyd?.errors[0]?.code).toMatch(/email/);
    expect(JSON.parse((await cli(['users', 'list', '--json'])).out)).toEqual([]);
  });

  test('run without --yes and nobody to confirm applies nothing and exits 1', async () => {
    const { code, err } = await cli(['run', 'HR weekly', first()]);
    expect(code).toBe(1);
    expect(err).toMatch(/add --yes/);
    expect(JSON.parse((await cli(['users', 'list', '--json'])).out)).toEqual([]);
  });

  test('run asks for confirmation and a "no" applies nothing', async () => {
    const { code, out } = await cli(['run', 'HR weekly', first()], false);
    expect(code).toBe(0);
    expect(out).toMatch(/Not applied/);
    expect(JSON.parse((await cli(['users', 'list', '--json'])).out)).toEqual([]);
  });

  test('run --yes applies, and users list --json shows the template fields with the status', async () => {
    const { code, out } = await cli(['run', 'HR weekly', first(), '--yes', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ status: 'applied', counts: { new: 2, error: 1 } });
    const users = JSON.parse((await cli(['users', 'list', '--json'])).out) as Record<
      string,
      string
    >[];
    expect(users.map((user) => user.userName)).toEqual(['ann', 'bob']);
    expect(users[0]).toMatchObject({
      title: 'CEO',
      status: 'active',
      authMethod: 'password',
      role: 'user',
    });
    expect(users[0]).not.toHaveProperty('active');
  });

  test('open conflicts refuse the run and list them; --decide resolves them', async () => {
    const second = csv('second.csv', [
      'userName,email,firstName,lastName,title',
      'ann,ann@example.com,Ann,Archer,Chair',
      'bob,bob@example.com,Bob,Baker,CTO',
    ]);
    const refused = await cli(['run', 'HR weekly', second, '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/ann title: now CEO, file says Chair/);
    expect(refused.err).toMatch(/conflict still needs a decision/);
    const refusedJson = await cli(['run', 'HR weekly', second, '--yes', '--json']);
    expect(refusedJson.code).toBe(1);
    expect(JSON.parse(refusedJson.out)).toMatchObject({
      status: 'previewed',
      conflicts: [{ userName: 'ann', field: 'title', current: 'CEO', incoming: 'Chair' }],
      error: { code: 'open-conflicts' },
    });
    const decided = await cli([
      'run',
      'HR weekly',
      second,
      '--yes',
      '--decide',
      'title=source',
      '--json',
    ]);
    expect(decided.code).toBe(0);
    expect(JSON.parse(decided.out)).toMatchObject({ status: 'applied', counts: { updated: 1 } });
    const ann = JSON.parse((await cli(['users', 'show', 'ann', '--json'])).out) as {
      title: string;
    };
    expect(ann.title).toBe('Chair');
  });

  test('history lists every run newest first, and export writes the results workbook', async () => {
    const history = JSON.parse((await cli(['history', 'HR weekly', '--json'])).out) as {
      id: string;
      status: string;
    }[];
    expect(history[0]?.status).toBe('applied');
    expect(history.map((run) => run.status)).toContain('previewed');
    const out = join(folder, 'results.xlsx');
    const exported = await cli(['export', history[0]?.id ?? '', out, '--json']);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.out)).toEqual({ runId: history[0]?.id, path: out });
    expect(existsSync(out)).toBe(true);
  });

  test('config show --json writes a plain strategy as its name, as the --file format does', async () => {
    const document = JSON.parse((await cli(['config', 'show', 'HR weekly', '--json'])).out) as {
      conflicts: { fields: Record<string, unknown> };
    };
    expect(document.conflicts.fields).toEqual({ title: 'ask' });
  });

  test('pause, resume, delete and migrate print one JSON object with --json', async () => {
    expect((await cli(['config', 'create', '--name', 'Scratch'])).code).toBe(0);
    expect(JSON.parse((await cli(['config', 'pause', 'Scratch', '--json'])).out)).toEqual({
      name: 'Scratch',
      status: 'paused',
    });
    expect(JSON.parse((await cli(['config', 'resume', 'Scratch', '--json'])).out)).toEqual({
      name: 'Scratch',
      status: 'active',
    });
    const unconfirmed = await cli(['config', 'delete', 'Scratch', '--json']);
    expect(unconfirmed.code).toBe(1);
    expect(JSON.parse(unconfirmed.out)).toMatchObject({ error: { code: 'invalid-input' } });
    expect(JSON.parse((await cli(['config', 'delete', 'Scratch', '--yes', '--json'])).out)).toEqual(
      { deleted: 'Scratch' },
    );
    const migrated = JSON.parse((await cli(['migrate', '--json'])).out) as { applied: unknown };
    expect(migrated.applied).toEqual([]);
  });

  test('config show --json prints the document that config create --file reads back', async () => {
    const shown = await cli(['config', 'show', 'HR weekly', '--json']);
    const document = JSON.parse(shown.out) as Record<string, unknown>;
    expect(document).toMatchObject({ name: 'HR weekly', removedUsers: 'deactivate' });
    const file = join(folder, 'copy.json');
    writeFileSync(file, JSON.stringify({ ...document, name: 'HR copy' }));
    expect((await cli(['config', 'create', '--file', file])).code).toBe(0);
    const copy = JSON.parse((await cli(['config', 'show', 'HR copy', '--json'])).out) as unknown;
    expect(copy).toEqual({ ...document, name: 'HR copy' });
  });

  test('settings set changes the seat limit and settings get shows it', async () => {
    expect((await cli(['settings', 'set', '--licensing', 'named', '--seat-limit', '5'])).code).toBe(
      0,
    );
    const settings = JSON.parse((await cli(['settings', 'get', '--json'])).out) as unknown;
    expect(settings).toMatchObject({ licensing: 'named', seatLimit: 5 });
    expect((await cli(['settings', 'set', '--seat-limit', 'lots'])).code).toBe(1);
  });

  test('settings set raises a file limit in MiB and "default" drops the override again', async () => {
    const raised = await cli([
      'settings',
      'set',
      '--max-part-mib',
      '4096',
      '--max-rows',
      '2000000',
    ]);
    expect(raised.code).toBe(0);
    const limits = () =>
      cli(['settings', 'get', '--json']).then(
        (result) => (JSON.parse(result.out) as { limits: Record<string, number> }).limits,
      );
    expect(await limits()).toEqual({ maxPartBytes: 4096 * 1024 * 1024, maxRows: 2_000_000 });
    expect((await cli(['settings', 'set', '--max-rows', 'default'])).code).toBe(0);
    expect(await limits()).toEqual({ maxPartBytes: 4096 * 1024 * 1024 });
    const refused = await cli(['settings', 'set', '--max-upload-mib', '0']);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('"0" is not a positive whole number');
  });

  test('refusals print a message and exit 1; a usage mistake exits 2', async () => {
    const missing = await cli(['preview', 'HR weekly', join(folder, 'missing.csv')]);
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.err).toMatch(/missing\.csv: there is no such file/);
    const unknown = await cli(['preview', 'Payroll', first(), '--json']);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.out)).toEqual({
      error: { code: 'not-found', message: 'there is no configuration named "Payroll"' },
    });
    const invalid = await cli([
      'config',
      'create',
      '--name',
      'bad',
      '--field-rule',
      'email=force-value:x@y.z',
    ]);
    expect(invalid.code).toBe(1);
    expect(invalid.err).toMatch(/force-value is not allowed for email/);
    expect((await cli(['preview'])).code).toBe(2);
  });
});
