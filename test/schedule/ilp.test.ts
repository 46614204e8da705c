import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solvePlacement, type PlacementCost, type PlacementProblem } from '../../src/schedule/ilp.js';

/** Lists every way to split `count` requests over `parts` workers. */
function splits(count: number, parts: number): number[][] {
  if (parts === 1) return [[count]];
  const result: number[][] = [];
  for (let first = 0; first <= count; first++) {
    for (const rest of splits(count - first, parts - 1)) result.push([first, ...rest]);
  }
  return result;
}

/**
 * Finds the optimal makespan by exhaustive search over every split of every model's requests. A
 * replica is placed exactly where it serves requests, since an idle replica only adds load time
 * and memory.
 */
function bruteForceMakespan(problem: PlacementProblem): number {
  const options = problem.models.map((model, m) =>
    splits(model.requests, problem.workers.length).filter((split) =>
      split.every((requests, w) => requests === 0 || problem.costs[m][w] !== undefined) &&
      (model.maxReplicas === undefined || split.filter((requests) => requests > 0).length <= model.maxReplicas),
    ),
  );

  let best = Infinity;
  const choice: number[][] = [];
  const visit = (m: number): void => {
    if (m === problem.models.length) {
      let makespan = 0;
      for (let w = 0; w < problem.workers.length; w++) {
        let busy = 0;
        let memory = 0;
        choice.forEach((split, model) => {
          const cost = problem.costs[model][w];
          if (split[w] > 0 && cost !== undefined) {
            busy += cost.loadS + cost.serviceS * split[w];
            memory += cost.memoryBytes;
          }
        });
        if (memory > problem.workers[w].capacityBytes) return;
        makespan = Math.max(makespan, busy);
      }
      best = Math.min(best, makespan);
      return;
    }
    for (const split of options[m]) {
      choice[m] = split;
      visit(m + 1);
    }
  };
  visit(0);
  return best;
}

const costArbitrary: fc.Arbitrary<PlacementCost | undefined> = fc.option(
  fc.record({
    serviceS: fc.double({ min: 0.001, max: 0.05, noNaN: true }),
    loadS: fc.double({ min: 0, max: 0.1, noNaN: true }),
    memoryBytes: fc.integer({ min: 1, max: 100 }),
  }),
  { freq: 5 },
);

const problemArbitrary: fc.Arbitrary<PlacementProblem> = fc
  .record({ modelCount: fc.integer({ min: 2, max: 3 }), workerCount: fc.integer({ min: 2, max: 3 }) })
  .chain(({ modelCount, workerCount }) =>
    fc.record({
      models: fc.array(
        fc.record({ requests: fc.integer({ min: 0, max: 4 }), maxReplicas: fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined }) }),
        { minLength: modelCount, maxLength: modelCount },
      ),
      capacities: fc.array(fc.integer({ min: 60, max: 200 }), { minLength: workerCount, maxLength: workerCount }),
      costs: fc.array(fc.array(costArbitrary, { minLength: workerCount, maxLength: workerCount }), { minLength: modelCount, maxLength: modelCount }),
    }),
  )
  .map(({ models, capacities, costs }) => ({
    models: models.map((model, m) => (model.maxReplicas === undefined ? { id: `m${m}`, requests: model.requests } : { id: `m${m}`, requests: model.requests, maxReplicas: model.maxReplicas })),
    workers: capacities.map((capacityBytes, w) => ({ id: `w${w}`, capacityBytes })),
    costs: costs.map((row) => row.map((cost) => cost ?? undefined)),
  }));

describe('solvePlacement', () => {
  it('solves a hand-made instance', async () => {
    // Model a (4 requests) runs on both workers; model b (3 requests) only on w0. Both do not
    // fit on w0 together (60 + 50 > 100), so b takes w0 (2 + 3 × 15 = 47 ms) and a takes w1
    // (1 + 4 × 20 = 81 ms).
    const solution = await solvePlacement({
      models: [{ id: 'a', requests: 4 }, { id: 'b', requests: 3 }],
      workers: [{ id: 'w0', capacityBytes: 100 }, { id: 'w1', capacityBytes: 100 }],
      costs: [
        [{ serviceS: 0.01, loadS: 0.005, memoryBytes: 60 }, { serviceS: 0.02, loadS: 0.001, memoryBytes: 30 }],
        [{ serviceS: 0.015, loadS: 0.002, memoryBytes: 50 }, undefined],
      ],
    });
    expect(solution.status).toBe('optimal');
    expect(solution.makespanS).toBeCloseTo(0.081, 12);
    expect(solution.assignments).toEqual([
      { model: 'a', worker: 'w1', requests: 4, loadS: 0.001, serviceS: 0.08 },
      { model: 'b', worker: 'w0', requests: 3, loadS: 0.002, serviceS: expect.closeTo(0.045, 12) },
    ]);
    expect(solution.workerBusyS.w0).toBeCloseTo(0.047, 12);
  });

  it('replicates a heavy model', async () => {
    // 10 requests of 10 ms with a 5 ms load: one worker needs 105 ms, two need 5 + 50 = 55 ms.
    const cost = { serviceS: 0.01, loadS: 0.005, memoryBytes: 1 };
    const problem = { models: [{ id: 'a', requests: 10 }], workers: [{ id: 'w0', capacityBytes: 1 }, { id: 'w1', capacityBytes: 1 }], costs: [[cost, cost]] };
    expect((await solvePlacement(problem)).makespanS).toBeCloseTo(0.055, 12);

    const capped = await solvePlacement({ ...problem, models: [{ id: 'a', requests: 10, maxReplicas: 1 }] });
    expect(capped.makespanS).toBeCloseTo(0.105, 12);
    expect(capped.assignments).toHaveLength(1);
  });

  it('places no idle replica', async () => {
    // One request: a second replica would serve nothing.
    const cost = { serviceS: 0.01, loadS: 0, memoryBytes: 1 };
    const solution = await solvePlacement({ models: [{ id: 'a', requests: 1 }], workers: [{ id: 'w0', capacityBytes: 1 }, { id: 'w1', capacityBytes: 1 }], costs: [[cost, cost]] });
    expect(solution.assignments).toHaveLength(1);
  });

  it('reports a model that fits nowhere', async () => {
    const solution = await solvePlacement({
      models: [{ id: 'big', requests: 2 }],
      workers: [{ id: 'w0', capacityBytes: 10 }],
      costs: [[{ serviceS: 0.01, loadS: 0, memoryBytes: 11 }]],
    });
    expect(solution.status).toBe('infeasible');
    expect(solution.reason).toContain('"big"');
  });

  it('reports memory that cannot hold every model', async () => {
    const cost = { serviceS: 0.01, loadS: 0, memoryBytes: 6 };
    const solution = await solvePlacement({ models: [{ id: 'a', requests: 1 }, { id: 'b', requests: 1 }], workers: [{ id: 'w0', capacityBytes: 10 }], costs: [[cost], [cost]] });
    expect(solution.status).toBe('infeasible');
  });

  it('matches brute force on small instances', async () => {
    await fc.assert(
      fc.asyncProperty(problemArbitrary, async (problem) => {
        const expected = bruteForceMakespan(problem);
        const solution = await solvePlacement(problem);
        if (!Number.isFinite(expected)) {
          expect(solution.status).toBe('infeasible');
          return;
        }
        expect(solution.status).toBe('optimal');
        const scale = Math.max(expected, 1e-12);
        expect(Math.abs(solution.makespanS - expected) / scale).toBeLessThanOrEqual(1e-6);

        // The solution itself is feasible.
        problem.models.forEach((model) => {
          const served = solution.assignments.filter((entry) => entry.model === model.id).reduce((sum, entry) => sum + entry.requests, 0);
          expect(served).toBe(model.requests);
          if (model.maxReplicas !== undefined) expect(solution.assignments.filter((entry) => entry.model === model.id).length).toBeLessThanOrEqual(model.maxReplicas);
        });
      }),
      { numRuns: 200, seed: 20261204 },
    );
  });
});
