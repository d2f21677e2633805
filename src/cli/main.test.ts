import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
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
});
