/**
 * `bitfluid sweep` and `bitfluid merge` through the built CLI (bin/bitfluid.js → dist/), as a
 * user runs them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSweep } from '../../src/sweep/run.js';
import { runCli } from '../helpers/cli.js';
import { completeLines, standInStudy, startCli, useTempDirs, waitFor } from './fixtures/helpers.js';
import { evaluateStandIn } from './fixtures/stand-in-model.js';

const makeTempDir = useTempDirs();

describe('bitfluid sweep', () => {
  it('lists its options in --help', () => {
    const result = runCli(['sweep', '--help']);
    expect(result.status).toBe(0);
    for (const option of ['--spec', '--set', '--jobs', '--shard', '--resume', '--out', '--name', '--json']) {
      expect(result.stdout).toContain(option);
    }
  });

  it.each([
    ['--shard', '3/2', '--shard: invalid value "3/2"'],
    ['--shard', 'x', '1 <= K <= N'],
    ['--jobs', '0', '--jobs: invalid value 0'],
  ])('rejects %s %s with exit code 2', (option, value, message) => {
    const result = runCli(['sweep', option, value]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('bitfluid merge', () => {
  it('merges shard journals into the unsharded CSV', async () => {
    const dir = makeTempDir();
    const study = standInStudy(5);
    const whole = await runSweep({ study, outDir: dir, name: 'whole', evaluator: evaluateStandIn, quiet: true });
    for (const k of [1, 2]) await runSweep({ study, outDir: dir, name: `shard-${k}`, evaluator: evaluateStandIn, quiet: true, shard: { k, n: 2 } });

    const result = runCli(['merge', join(dir, 'shard-1.jsonl'), join(dir, 'shard-2.json'), '--out', dir, '--name', 'merged']);
    expect(result.stderr).not.toContain('error');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Lowest EDP per network');
    expect(readFileSync(join(dir, 'merged.csv'), 'utf8')).toBe(readFileSync(whole.files.csv, 'utf8'));
  });

  it('rejects journals of different studies with exit code 2', async () => {
    const dir = makeTempDir();
    await runSweep({ study: standInStudy(2), outDir: dir, name: 'a', evaluator: evaluateStandIn, quiet: true });
    await runSweep({ study: standInStudy(3), outDir: dir, name: 'b', evaluator: evaluateStandIn, quiet: true });
    const result = runCli(['merge', join(dir, 'a.jsonl'), join(dir, 'b.jsonl'), '--out', dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('same study');
  });

  it('reports conflicting rows with exit code 1', async () => {
    const dir = makeTempDir();
    await runSweep({ study: standInStudy(2), outDir: dir, name: 'a', evaluator: evaluateStandIn, quiet: true });
    const json = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'));
    json.rows[0].latencyS += 1;
    const changed = join(dir, 'changed.json');
    writeFileSync(changed, JSON.stringify(json));
    const result = runCli(['merge', join(dir, 'a.jsonl'), changed, '--out', dir, '--name', 'merged']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('has different results');
  });

  it('rejects a missing input with exit code 2', () => {
    const result = runCli(['merge', join(makeTempDir(), 'none.jsonl')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Could not read the sweep journal');
  });
});

/**
 * End to end through the built CLI with the real cost model. The study (resnet18 × 48 batch
 * sizes × every config, technology and voltage) takes several seconds, so the kill lands mid-run.
 */
describe('bitfluid sweep with the cost model', () => {
  const batches = Array.from({ length: 48 }, (_, i) => i + 1).join(',');
  const studyArgs = ['--network', 'resnet18', '--batch', batches, '--quiet'];

  it('resumes after SIGKILL with the rows of an uninterrupted run', async () => {
    const dir = makeTempDir();
    const reference = runCli(['sweep', ...studyArgs, '--out', dir, '--name', 'reference']);
    expect(reference.stderr).toBe('');
    expect(reference.status).toBe(0);

    const journal = join(dir, 'killed.jsonl');
    const run = startCli(['sweep', ...studyArgs, '--out', dir, '--name', 'killed']);
    await waitFor(() => completeLines(journal) > 20, 60_000, 'journal rows');
    run.child.kill('SIGKILL');
    const killed = await run.done;
    expect(killed.signal).toBe('SIGKILL');
    const total = completeLines(join(dir, 'reference.jsonl'));
    expect(completeLines(journal)).toBeLessThan(total);

    const resumed = runCli(['sweep', '--resume', journal, '--quiet']);
    expect(resumed.status).toBe(0);
    const rowsOf = (name: string) => JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')).rows;
    expect(rowsOf('killed')).toEqual(rowsOf('reference'));
    expect(readFileSync(join(dir, 'killed.csv'), 'utf8')).toBe(readFileSync(join(dir, 'reference.csv'), 'utf8'));
  });

  it('prints the best point per network as JSON', () => {
    const dir = makeTempDir();
    const result = runCli(['sweep', '--network', 'resnet18', '--batch', '1', '--out', dir, '--name', 'small', '--json', '--quiet']);
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.files.csv).toBe(join(dir, 'small.csv'));
    expect(summary.files.plotSvg).toBe(join(dir, 'small-resnet18-edp-top1.svg'));
    expect(summary.best).toHaveLength(1);
    expect(summary.best[0].network).toBe('resnet18');
  });
});
