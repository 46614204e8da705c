import { appendFileSync, existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandGrid, studyHash } from '../../src/sweep/grid.js';
import { createJournalHeader, JournalWriter, readJournal } from '../../src/sweep/journal.js';
import { runSweep, type SweepRunOptions } from '../../src/sweep/run.js';
import type { SweepPoint } from '../../src/sweep/types.js';
import { InputError } from '../../src/util/errors.js';
import { standInStudy, temporaryFiles, useTempDirs } from './fixtures/helpers.js';
import { evaluateStandIn } from './fixtures/stand-in-model.js';

const makeTempDir = useTempDirs();
const study = standInStudy(6);
const grid = expandGrid(study);
const identity = { bitfluidVersion: 'test', specHash: studyHash(study), spec: study, shard: null, gridPoints: grid.length };

/** Runs a quiet in-thread sweep of the stand-in study. */
function sweep(outDir: string, name: string, options: Partial<SweepRunOptions> = {}) {
  return runSweep({ study, outDir, name, evaluator: evaluateStandIn, quiet: true, ...options });
}

/** Cuts the last line of a file in half, as a process killed during a write would leave it. */
function cutLastLineInHalf(path: string): void {
  const text = readFileSync(path, 'utf8');
  const lastLineStart = text.lastIndexOf('\n', text.length - 2) + 1;
  truncateSync(path, Buffer.byteLength(text.slice(0, lastLineStart + Math.floor((text.length - lastLineStart) / 2))));
}

describe('journal', () => {
  it('drops a truncated last line and keeps the rows before it', () => {
    const path = join(makeTempDir(), 'run.jsonl');
    const writer = JournalWriter.create(path, createJournalHeader(identity));
    const rows = grid.slice(0, 5).map((point) => evaluateStandIn(point));
    writer.append(rows);
    writer.close();
    cutLastLineInHalf(path);

    const journal = readJournal(path);
    expect(journal.rows).toEqual(rows.slice(0, 4));
    expect(journal.droppedPartialLine).toBe(true);
    expect(journal.header.specHash).toBe(identity.specHash);
  });

  it('refuses to create over an existing file', () => {
    const path = join(makeTempDir(), 'run.jsonl');
    writeFileSync(path, 'x');
    expect(() => JournalWriter.create(path, createJournalHeader(identity))).toThrow(/EEXIST/);
  });

  it('names a damaged line that is not the last', () => {
    const path = join(makeTempDir(), 'run.jsonl');
    const writer = JournalWriter.create(path, createJournalHeader(identity));
    writer.append([evaluateStandIn(grid[0])]);
    writer.close();
    appendFileSync(path, '{"index": 1, "key"\n');
    appendFileSync(path, `${JSON.stringify(evaluateStandIn(grid[2]))}\n`);

    expect(() => readJournal(path)).toThrow(InputError);
    expect(() => readJournal(path)).toThrow(/line 3/);
  });

  it('rejects a header whose spec was edited', () => {
    const path = join(makeTempDir(), 'run.jsonl');
    const edited = { ...createJournalHeader(identity), spec: { ...study, batch: [1, 2] } };
    writeFileSync(path, `${JSON.stringify(edited)}\n`);
    expect(() => readJournal(path)).toThrow(/edited or damaged/);
  });

  it('rejects a file without a header', () => {
    const path = join(makeTempDir(), 'run.jsonl');
    writeFileSync(path, '{"format": "something else"');
    expect(() => readJournal(path)).toThrow(/no complete header line/);
  });
});

describe('resumed sweep', () => {
  it('gives the rows of an uninterrupted run after a cut journal', async () => {
    const dir = makeTempDir();
    const reference = await sweep(dir, 'reference');

    const controller = new AbortController();
    let calls = 0;
    const interrupting = (point: SweepPoint) => {
      if (++calls === 30) controller.abort();
      return evaluateStandIn(point);
    };
    const first = await sweep(dir, 'resumed', { evaluator: interrupting, signal: controller.signal });
    expect(first.interrupted).toBe(true);
    expect(first.rows).toHaveLength(30);
    expect(first.complete).toBe(false);
    expect(first.files.plotSvg).toBeUndefined();

    cutLastLineInHalf(first.files.journal);
    const resumed = await sweep(dir, 'resumed');
    expect(resumed.resumedRows).toBe(29);
    expect(resumed.complete).toBe(true);
    expect(resumed.rows).toEqual(reference.rows);
    expect(readJournal(resumed.files.journal).rows).toHaveLength(grid.length);
    expect(readFileSync(resumed.files.csv, 'utf8')).toBe(readFileSync(reference.files.csv, 'utf8'));
    expect(readFileSync(resumed.files.json, 'utf8')).toBe(readFileSync(reference.files.json, 'utf8'));
  });

  it('evaluates nothing when the journal is complete', async () => {
    const dir = makeTempDir();
    const first = await sweep(dir, 'done');
    let calls = 0;
    const counting = (point: SweepPoint) => {
      calls++;
      return evaluateStandIn(point);
    };
    const again = await sweep(dir, 'done', { evaluator: counting });
    expect(calls).toBe(0);
    expect(again.rows).toEqual(first.rows);
  });

  it('refuses a journal of another study', async () => {
    const dir = makeTempDir();
    await sweep(dir, 'run');
    const other = { ...study, batch: [1, 2] };
    await expect(runSweep({ study: other, outDir: dir, name: 'run', evaluator: evaluateStandIn, quiet: true })).rejects.toThrow(
      /belongs to a different study/,
    );
  });

  it('refuses a journal of another shard', async () => {
    const dir = makeTempDir();
    await sweep(dir, 'run', { shard: { k: 1, n: 2 } });
    await expect(sweep(dir, 'run', { shard: { k: 2, n: 2 } })).rejects.toThrow(/covers shard 1\/2, but shard 2\/2 was requested/);
  });
});

describe('result files', () => {
  it('leave no temporary files behind', async () => {
    const dir = makeTempDir();
    const result = await sweep(dir, 'clean', { snapshotIntervalMs: 1 });
    expect(temporaryFiles(dir)).toEqual([]);
    for (const path of Object.values(result.files)) expect(existsSync(path)).toBe(true);
  });

  it('are rewritten during a run', async () => {
    const dir = makeTempDir();
    const csv = join(dir, 'snapshots.csv');
    let seenDuringRun = false;
    const slow = (point: SweepPoint) => {
      const untilMs = performance.now() + 3;
      while (performance.now() < untilMs) {
        // Busy wait so that the snapshot timer fires during the run.
      }
      if (point.index === grid.length - 1) seenDuringRun = existsSync(csv);
      return evaluateStandIn(point);
    };
    await sweep(dir, 'snapshots', { evaluator: slow, snapshotIntervalMs: 10 });
    expect(seenDuringRun).toBe(true);
  });
});
