import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeSweepRecords, readSweepRecord } from '../../src/sweep/merge.js';
import { runSweep } from '../../src/sweep/run.js';
import type { Shard } from '../../src/sweep/grid.js';
import { InputError } from '../../src/util/errors.js';
import { standInStudy, useTempDirs } from './fixtures/helpers.js';
import { evaluateStandIn } from './fixtures/stand-in-model.js';

const makeTempDir = useTempDirs();
const study = standInStudy(5);

function sweep(outDir: string, name: string, shard?: Shard) {
  return runSweep({ study, outDir, name, evaluator: evaluateStandIn, quiet: true, shard });
}

describe('mergeSweepRecords', () => {
  it('joins shards into the rows of the unsharded run', async () => {
    const dir = makeTempDir();
    const whole = await sweep(dir, 'whole');
    const shards = await Promise.all([1, 2, 3].map((k) => sweep(dir, `shard-${k}`, { k, n: 3 })));

    const fromJournals = mergeSweepRecords(shards.map((shard) => readSweepRecord(shard.files.journal)));
    expect(fromJournals.rows).toEqual(whole.rows);
    expect(fromJournals.missing).toBe(0);
    expect(fromJournals.duplicates).toBe(0);
    expect(fromJournals.conflicts).toEqual([]);
    expect(fromJournals.identity.shard).toBeNull();
    expect(fromJournals.identity.specHash).toBe(whole.identity.specHash);

    const fromJson = mergeSweepRecords(shards.map((shard) => readSweepRecord(shard.files.json)));
    expect(fromJson.rows).toEqual(whole.rows);
  });

  it('drops identical duplicates', async () => {
    const dir = makeTempDir();
    const shard = await sweep(dir, 'shard-1', { k: 1, n: 2 });
    const merged = mergeSweepRecords([readSweepRecord(shard.files.journal), readSweepRecord(shard.files.json)]);
    expect(merged.rows).toEqual(shard.rows);
    expect(merged.duplicates).toBe(shard.rows.length);
  });

  it('reports conflicting rows and keeps the first', async () => {
    const dir = makeTempDir();
    const shard = await sweep(dir, 'shard-1', { k: 1, n: 2 });
    const changed = join(dir, 'changed.json');
    const results = JSON.parse(readFileSync(shard.files.json, 'utf8'));
    results.rows[2].energyJ *= 2;
    writeFileSync(changed, JSON.stringify(results));

    const merged = mergeSweepRecords([readSweepRecord(shard.files.journal), readSweepRecord(changed)]);
    expect(merged.conflicts).toEqual([{ key: shard.rows[2].key, index: shard.rows[2].index, keptFrom: shard.files.journal, droppedFrom: changed }]);
    expect(merged.rows).toEqual(shard.rows);
    expect(merged.duplicates).toBe(shard.rows.length - 1);
  });

  it('counts the grid points no input covers', async () => {
    const dir = makeTempDir();
    const shards = await Promise.all([1, 2].map((k) => sweep(dir, `shard-${k}`, { k, n: 3 })));
    const merged = mergeSweepRecords(shards.map((shard) => readSweepRecord(shard.files.journal)));
    const third = await sweep(dir, 'shard-3', { k: 3, n: 3 });
    expect(merged.missing).toBe(third.rows.length);
  });

  it('rejects inputs of different studies', async () => {
    const dir = makeTempDir();
    const a = await sweep(dir, 'a');
    const b = await runSweep({ study: { ...study, batch: [2] }, outDir: dir, name: 'b', evaluator: evaluateStandIn, quiet: true });
    const action = () => mergeSweepRecords([readSweepRecord(a.files.journal), readSweepRecord(b.files.journal)]);
    expect(action).toThrow(InputError);
    expect(action).toThrow(/same study/);
  });

  it('rejects a file that is not a sweep record', () => {
    const path = join(makeTempDir(), 'notes.txt');
    writeFileSync(path, 'hello');
    expect(() => readSweepRecord(path)).toThrow(/Pass sweep journals/);
  });
});
