import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/util/paths.js';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built `bitfluid` command (bin/bitfluid.js → dist/) as a user would, in `cwd`.
 * `npm test` builds dist/ before vitest starts.
 */
export function runCli(args: string[], options: { cwd?: string; timeoutMs?: number } = {}): CliResult {
  const result = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'bin', 'bitfluid.js'), ...args], {
    cwd: options.cwd ?? PACKAGE_ROOT,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
