import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main, type CliIo } from './main.js';
import { DEFAULT_TEMPLATE_PATH } from './template.js';

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

/** Whether `bytes` start like a zip (every .xlsx is one). */
function isZip(bytes: Buffer): boolean {
  return bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
}

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'usersync-cli-template-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('usersync template', () => {
  it('writes the template to the given path, says where, and exits 0', async () => {
    const io = capture();
    const path = join(directory, 'mine.xlsx');
    expect(await main(['template', path], io)).toBe(0);
    expect(isZip(await readFile(path))).toBe(true);
    expect(io.stdout()).toBe(`Wrote the template to ${path}\n`);
  });

  it('writes usersync-template.xlsx in the current directory when no path is given', async () => {
    const io = capture();
    const previous = process.cwd();
    process.chdir(directory);
    try {
      expect(await main(['template'], io)).toBe(0);
    } finally {
      process.chdir(previous);
    }
    expect(isZip(await readFile(join(directory, DEFAULT_TEMPLATE_PATH)))).toBe(true);
  });

  it('refuses to replace an existing file without --force and exits 1', async () => {
    const io = capture();
    const path = join(directory, 'existing.xlsx');
    await writeFile(path, 'keep me');
    expect(await main(['template', path], io)).toBe(1);
    expect(await readFile(path, 'utf8')).toBe('keep me');
    expect(io.stderr()).toContain('already exists; use --force to replace it');
    expect(io.stdout()).toBe('');
  });

  it('replaces an existing file with --force', async () => {
    const io = capture();
    const path = join(directory, 'existing.xlsx');
    await writeFile(path, 'replace me');
    expect(await main(['template', '--force', path], io)).toBe(0);
    expect(isZip(await readFile(path))).toBe(true);
  });

  it('exits 1 with a message when the folder does not exist', async () => {
    const io = capture();
    expect(await main(['template', join(directory, 'missing', 't.xlsx')], io)).toBe(1);
    expect(io.stderr()).toContain('Cannot write');
  });
});
