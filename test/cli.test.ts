import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

describe('bitfluid command line', () => {
  it('prints help and exits 0', () => {
    const result = runCli(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('bitfluid <command>');
  });

  it('rejects an unknown command with exit code 2', () => {
    const result = runCli(['no-such-command']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no-such-command');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
