/**
 * Kills, interrupts and resumes real sweep processes. They run the sweep and merge commands of
 * the CLI over the stand-in model (fixtures/stand-in-cli.ts), because journaling does not
 * depend on the cost model. cli.test.ts repeats the kill test through the built CLI.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResultsFile } from '../../src/sweep/outputs.js';
import { completeLines, startTsx, temporaryFiles, useTempDirs, waitFor } from './fixtures/helpers.js';

const makeTempDir = useTempDirs();
const CLI = join(import.meta.dirname, 'fixtures', 'stand-in-cli.ts');

/** 4 configs × 3 voltages × 2 batches × 100 values = 2400 points; about 2.5 s at 1 ms each. */
const ROWS_VALUES = Array.from({ length: 100 }, (_, i) => 8 * (i + 1)).join(',');
const STUDY_ARGS = ['--network', 'resnet18', '--tech', 'sram', '--set', `arch.cap.rows=${ROWS_VALUES}`, '--quiet'];
const POINTS = 2400;

/** Runs the stand-in CLI to completion. */
async function runCli(args: string[], delayMs = 0) {
  return startTsx(CLI, args, { STAND_IN_DELAY_MS: String(delayMs) }).done;
}

let referenceDir: string;

beforeAll(async () => {
  referenceDir = mkdtempSync(join(tmpdir(), 'bitfluid-sweep-reference-'));
  const result = await runCli(['sweep', ...STUDY_ARGS, '--out', referenceDir, '--name', 'reference']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
});

afterAll(() => {
  rmSync(referenceDir, { recursive: true, force: true });
});

function referenceFile(extension: string): string {
  return readFileSync(join(referenceDir, `reference.${extension}`), 'utf8');
}

describe('sweep process', () => {
  it.each([1, 2])('resumes after SIGKILL with the rows of an uninterrupted run (--jobs %i)', async (jobs) => {
    const dir = makeTempDir();
    const journal = join(dir, 'killed.jsonl');
    const run = startTsx(CLI, ['sweep', ...STUDY_ARGS, '--out', dir, '--name', 'killed', '--jobs', String(jobs)], { STAND_IN_DELAY_MS: '1' });
    await waitFor(() => completeLines(journal) > 200, 30_000, 'journal rows');
    run.child.kill('SIGKILL');
    const killed = await run.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(completeLines(journal)).toBeLessThan(POINTS + 1);

    const resumed = await runCli(['sweep', '--resume', journal, '--quiet', '--jobs', String(jobs)]);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(readResultsFile(join(dir, 'killed.json')).rows).toEqual(readResultsFile(join(referenceDir, 'reference.json')).rows);
    expect(readFileSync(join(dir, 'killed.csv'), 'utf8')).toBe(referenceFile('csv'));
    expect(completeLines(journal)).toBe(POINTS + 1);
    expect(temporaryFiles(dir)).toEqual([]);
  });

  it('stops on SIGINT with exit code 130, partial results and the resume command', async () => {
    const dir = makeTempDir();
    const journal = join(dir, 'stopped.jsonl');
    const run = startTsx(CLI, ['sweep', ...STUDY_ARGS, '--out', dir, '--name', 'stopped'], { STAND_IN_DELAY_MS: '1' });
    await waitFor(() => completeLines(journal) > 200, 30_000, 'journal rows');
    run.child.kill('SIGINT');
    const stopped = await run.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain(`continue with: bitfluid sweep --resume ${journal}`);

    const partial = readResultsFile(join(dir, 'stopped.json'));
    expect(partial.complete).toBe(false);
    expect(partial.rows.length).toBe(completeLines(journal) - 1);
    expect(partial.rows.length).toBeLessThan(POINTS);

    const resumed = await runCli(['sweep', '--resume', journal, '--quiet']);
    expect(resumed.code).toBe(0);
    expect(readFileSync(join(dir, 'stopped.csv'), 'utf8')).toBe(referenceFile('csv'));
  });

  it('continues a run of the same --name', async () => {
    const dir = makeTempDir();
    const run = startTsx(CLI, ['sweep', ...STUDY_ARGS, '--out', dir, '--name', 'again'], { STAND_IN_DELAY_MS: '1' });
    await waitFor(() => completeLines(join(dir, 'again.jsonl')) > 100, 30_000, 'journal rows');
    run.child.kill('SIGKILL');
    await run.done;

    const again = await runCli(['sweep', ...STUDY_ARGS, '--out', dir, '--name', 'again']);
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, 'again.csv'), 'utf8')).toBe(referenceFile('csv'));
  });

  it('rejects --resume with options of another study', async () => {
    const dir = makeTempDir();
    const first = await runCli(['sweep', '--network', 'alexnet', '--out', dir, '--name', 'run', '--quiet']);
    expect(first.code).toBe(0);
    const journal = join(dir, 'run.jsonl');

    const otherStudy = await runCli(['sweep', '--resume', journal, '--network', 'resnet18']);
    expect(otherStudy.code).toBe(2);
    expect(otherStudy.stderr).toContain('different study than the options describe');

    const sameStudy = await runCli(['sweep', '--resume', journal, '--network', 'alexnet', '--quiet']);
    expect(sameStudy.code).toBe(0);

    const withOut = await runCli(['sweep', '--resume', journal, '--out', dir]);
    expect(withOut.code).toBe(2);
    expect(withOut.stderr).toContain('leave out --out and --name');
  });

  it('refuses to continue a --name of another study', async () => {
    const dir = makeTempDir();
    const first = await runCli(['sweep', '--network', 'alexnet', '--out', dir, '--name', 'taken', '--quiet']);
    expect(first.code).toBe(0);
    const second = await runCli(['sweep', '--network', 'resnet18', '--out', dir, '--name', 'taken', '--quiet']);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('belongs to a different study');
  });
});

describe('merge process', () => {
  it('merges shards into the unsharded results', async () => {
    const dir = makeTempDir();
    const shards = await Promise.all(
      [1, 2, 3].map((k) => runCli(['sweep', ...STUDY_ARGS, '--out', dir, '--name', `shard-${k}`, '--shard', `${k}/3`])),
    );
    for (const shard of shards) expect(shard.code).toBe(0);

    const inputs = [1, 2, 3].map((k) => join(dir, `shard-${k}.jsonl`));
    const merged = await runCli(['merge', ...inputs, '--out', dir, '--name', 'merged', '--json']);
    expect(merged.code).toBe(0);
    const summary = JSON.parse(merged.stdout);
    expect(summary).toMatchObject({ points: POINTS, rows: POINTS, duplicates: 0, conflicts: 0, missing: 0 });
    expect(summary.best).toHaveLength(1);
    expect(readFileSync(join(dir, 'merged.csv'), 'utf8')).toBe(referenceFile('csv'));
    expect(readFileSync(join(dir, 'merged.json'), 'utf8')).toBe(referenceFile('json'));
  });

  it('warns about missing points and can resume them', async () => {
    const dir = makeTempDir();
    const shard = await runCli(['sweep', ...STUDY_ARGS, '--out', dir, '--name', 'shard-1', '--shard', '1/2']);
    expect(shard.code).toBe(0);

    const merged = await runCli(['merge', join(dir, 'shard-1.jsonl'), '--out', dir, '--name', 'merged']);
    expect(merged.code).toBe(0);
    expect(merged.stderr).toContain(`${POINTS / 2} of ${POINTS} grid points have no result`);
    expect(merged.stdout).toContain('Lowest EDP per network');

    const filled = await runCli(['sweep', '--resume', join(dir, 'merged.jsonl'), '--quiet']);
    expect(filled.code).toBe(0);
    expect(readFileSync(join(dir, 'merged.csv'), 'utf8')).toBe(referenceFile('csv'));
  });
});
