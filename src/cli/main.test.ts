import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type CliIo } from './main.js';

function capture(): CliIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (text) => (out += text),
    err: (text) => (err += text),
    stdout: () => out,
    stderr: () => err,
  };
}

describe('usersync command line', () => {
  it('prints the package version with --version and exits 0', async () => {
    const io = capture();
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(await main(['--version'], io)).toBe(0);
    expect(io.stdout().trim()).toBe(pkg.version);
  });

  it('prints usage with --help and exits 0', async () => {
    const io = capture();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.stdout()).toContain('Usage: usersync');
  });

  it('exits 2 with a message for an unknown command', async () => {
    const io = capture();
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(io.stderr()).toContain('--help');
  });

  it('a data folder that cannot be made is refused with exit 1 and one line, no stack trace', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'usersync-cli-')), 'not-a-folder');
    writeFileSync(file, '');
    const io = capture();
    expect(await main(['--data-dir', file, 'config', 'list'], io)).toBe(1);
    expect(io.stderr()).toBe(
      `usersync: Cannot use ${file} as the data folder: a file of that name is in the way.\n`,
    );
  });

  it('a DATABASE_URL that is not PostgreSQL is refused, not silently replaced by SQLite', async () => {
    const before = process.env.DATABASE_URL;
    process.env.DATABASE_URL = 'mysql://root@localhost/users';
    try {
      const io = capture();
      expect(await main(['migrate', '--json'], io)).toBe(1);
      const printed = JSON.parse(io.stdout()) as { error: { message: string } };
      expect(printed.error.message).toContain('DATABASE_URL must be a postgres://');
      expect(io.stderr()).not.toContain('    at ');
    } finally {
      if (before === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = before;
    }
  });
});
