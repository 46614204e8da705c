import { describe, expect, it } from 'vitest';
import { expandGrid } from '../../src/sweep/grid.js';
import { evaluatePoints } from '../../src/sweep/runner.js';
import type { SweepRow } from '../../src/sweep/types.js';
import { standInStudy } from './fixtures/helpers.js';
import { evaluateStandIn, FAILING_ROWS, STAND_IN_EVALUATOR, STAND_IN_SKEWED_EVALUATOR } from './fixtures/stand-in-model.js';

const points = expandGrid(standInStudy(8));
const expectedRows = points.map((point) => evaluateStandIn(point));

/** Runs evaluatePoints and collects the emitted batches. */
async function collectRows(options: Omit<Parameters<typeof evaluatePoints>[0], 'onRows'>) {
  const batches: SweepRow[][] = [];
  const result = await evaluatePoints({ ...options, onRows: (rows) => batches.push(rows) });
  return { result, rows: batches.flat(), batches };
}

describe('evaluatePoints in this thread', () => {
  it('emits every row in point order', async () => {
    const { result, rows } = await collectRows({ points, evaluator: evaluateStandIn });
    expect(rows).toEqual(expectedRows);
    expect(result).toEqual({ evaluated: points.length, stopped: false });
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    let calls = 0;
    const evaluator = (point: (typeof points)[number]) => {
      calls++;
      if (calls === 5) controller.abort();
      return evaluateStandIn(point);
    };
    const { result, rows } = await collectRows({ points, evaluator, signal: controller.signal });
    expect(result).toEqual({ evaluated: 5, stopped: true });
    expect(rows).toEqual(expectedRows.slice(0, 5));
  });

  it('names the point when the evaluator throws', async () => {
    const failing = expandGrid({ ...standInStudy(1), overrides: [{ path: 'arch.cap.rows', values: [64, FAILING_ROWS] }] });
    const emitted: SweepRow[] = [];
    await expect(evaluatePoints({ points: failing, evaluator: evaluateStandIn, onRows: (rows) => emitted.push(...rows) })).rejects.toThrow(
      /point #1 \(key [0-9a-f]{16}: resnet18 fp32 sram 0.7 V batch 1 edp arch.cap.rows=13\) failed: stand-in failure/,
    );
    expect(emitted).toEqual([evaluateStandIn(failing[0])]);
  });

  it('rejects a row with another key', async () => {
    const evaluator = (point: (typeof points)[number]) => ({ ...evaluateStandIn(point), key: 'wrong' });
    await expect(collectRows({ points, evaluator })).rejects.toThrow(/must copy the point's index and key/);
  });

  it('rejects a non-finite result', async () => {
    const evaluator = (point: (typeof points)[number]) => ({ ...evaluateStandIn(point), edpJs: NaN });
    await expect(collectRows({ points, evaluator })).rejects.toThrow(/non-finite edpJs/);
  });
});

describe('evaluatePoints on worker threads', () => {
  it('emits rows in point order although they finish out of order', async () => {
    const { result, rows } = await collectRows({ points, evaluator: STAND_IN_SKEWED_EVALUATOR, jobs: 3 });
    expect(result).toEqual({ evaluated: points.length, stopped: false });
    expect(rows).toEqual(expectedRows);
  });

  it('emits the same rows for any job count', async () => {
    for (const jobs of [2, 5]) {
      const { rows } = await collectRows({ points, evaluator: STAND_IN_EVALUATOR, jobs });
      expect(rows).toEqual(expectedRows);
    }
  });

  it('stops after the points in flight when the signal aborts', async () => {
    const controller = new AbortController();
    const emitted: SweepRow[] = [];
    const result = await evaluatePoints({
      points,
      evaluator: STAND_IN_SKEWED_EVALUATOR,
      jobs: 2,
      signal: controller.signal,
      onRows: (rows) => {
        emitted.push(...rows);
        if (emitted.length >= 3) controller.abort();
      },
    });
    expect(result.stopped).toBe(true);
    expect(result.evaluated).toBe(emitted.length);
    expect(emitted.length).toBeLessThan(points.length);
    expect(new Set(emitted.map((row) => row.key)).size).toBe(emitted.length);
    for (const row of emitted) expect(row).toEqual(expectedRows[row.index]);
  });

  it('rejects with the evaluator error', async () => {
    const failing = expandGrid({ ...standInStudy(1), overrides: [{ path: 'arch.cap.rows', values: [64, 128, FAILING_ROWS, 256] }] });
    await expect(collectRows({ points: failing, evaluator: STAND_IN_EVALUATOR, jobs: 2 })).rejects.toThrow(/arch.cap.rows=13\) failed: stand-in failure/);
  });

  it('rejects an evaluator function', async () => {
    await expect(collectRows({ points, evaluator: evaluateStandIn, jobs: 2 })).rejects.toThrow(/EvaluatorModule/);
  });
});
