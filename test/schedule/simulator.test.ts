import { describe, expect, it } from 'vitest';
import { generateRequests } from '../../src/schedule/arrivals.js';
import { nearestRankPercentile } from '../../src/schedule/metrics.js';
import { loadScenario } from '../../src/schedule/scenario.js';
import { simulatePolicy } from '../../src/schedule/simulator.js';
import { runScenario } from '../../src/schedule/run.js';
import { BUNDLED } from '../../src/util/paths.js';
import { join } from 'node:path';
import { inferenceRow, modelOn, request, scenarioOf, tableBackend } from './helpers.js';

/**
 * Two backends that run model A: `fast` takes 10 ms per request after a 2 ms cold load, `slow`
 * takes 25 ms after a 1 ms cold load. Energies are 1 J per run and 0.5 J per load on both.
 */
function twoBackends() {
  const fast = tableBackend('fast', [inferenceRow({ backend: 'fast', model: 'a', precision: 'int8', latencyS: 0.01, energyJ: 1, setupLatencyS: 0.002, setupEnergyJ: 0.5 })]);
  const slow = tableBackend('slow', [inferenceRow({ backend: 'slow', model: 'a', precision: 'int8', latencyS: 0.025, energyJ: 1, setupLatencyS: 0.001, setupEnergyJ: 0.5 })]);
  return scenarioOf([fast, slow], [modelOn('A', 'a', 'int8', ['fast', 'slow'])]);
}

describe('simulatePolicy by hand', () => {
  it('fcfs places two requests on the earliest finish', () => {
    // r0 at 0: fast finishes at 0 + 2 + 10 = 12 ms, slow at 0 + 1 + 25 = 26 ms, so fast.
    // r1 at 1 ms: fast finishes at max(1, 12) + 0 (A is resident) + 10 = 22 ms, slow at 27 ms.
    const scenario = twoBackends();
    const result = simulatePolicy(scenario, [request(0, 'A', 0, 0.02), request(1, 'A', 0.001, 0.03)], 'fcfs');

    const [first, second] = result.outcomes;
    expect(first.slot).toBe('fast#0');
    expect(first.finishS).toBeCloseTo(0.012, 12);
    expect(first.setupKind).toBe('cold-load');
    expect(second.slot).toBe('fast#0');
    expect(second.startS).toBeCloseTo(0.012, 12);
    expect(second.finishS).toBeCloseTo(0.022, 12);
    expect(second.setupKind).toBe('none');

    const metrics = result.metrics;
    expect(metrics.violationRate).toBe(0);
    // Responses 12 ms and 21 ms: the nearest-rank p50 is the first, p95 and p99 the second.
    expect(metrics.p50S).toBeCloseTo(0.012, 12);
    expect(metrics.p95S).toBeCloseTo(0.021, 12);
    expect(metrics.p99S).toBeCloseTo(0.021, 12);
    expect(metrics.energyJ).toBeCloseTo(2.5, 12);
    // The span is the last finish (22 ms, after the 1 ms horizon); fast was busy all of it.
    expect(metrics.spanS).toBeCloseTo(0.022, 12);
    expect(metrics.utilization.fast).toBeCloseTo(1, 12);
    expect(metrics.utilization.slow).toBe(0);
  });

  it('edf lets an urgent request overtake', () => {
    // Only fast runs A. r0 runs 0–12 ms; r1 (deadline 100 ms) and r2 (deadline 30 ms) queue.
    // FIFO: r1 12–22, r2 22–32 ms, late. EDF: r2 12–22, r1 22–32 ms, both on time.
    const fast = tableBackend('fast', [inferenceRow({ backend: 'fast', model: 'a', precision: 'int8', latencyS: 0.01, setupLatencyS: 0.002 })]);
    const scenario = scenarioOf([fast], [modelOn('A', 'a', 'int8', ['fast'])]);
    const requests = [request(0, 'A', 0, 0.05), request(1, 'A', 0.001, 0.1), request(2, 'A', 0.002, 0.03)];

    const fifo = simulatePolicy(scenario, requests, 'fcfs');
    expect(fifo.outcomes[2].finishS).toBeCloseTo(0.032, 12);
    expect(fifo.metrics.violationRate).toBeCloseTo(1 / 3, 12);

    const edf = simulatePolicy(scenario, requests, 'edf');
    expect(edf.outcomes[2].finishS).toBeCloseTo(0.022, 12);
    expect(edf.outcomes[1].finishS).toBeCloseTo(0.032, 12);
    expect(edf.metrics.violationRate).toBe(0);
  });

  it('round-robin alternates backends', () => {
    // r0 → fast (0–12 ms), r1 → slow (1–27 ms), r2 → fast (12–22 ms): load is ignored.
    const requests = [request(0, 'A', 0, 1), request(1, 'A', 0.001, 1), request(2, 'A', 0.002, 1)];
    const result = simulatePolicy(twoBackends(), requests, 'round-robin');
    expect(result.outcomes.map((outcome) => outcome.slot)).toEqual(['fast#0', 'slow#0', 'fast#0']);
    expect(result.outcomes[1].finishS).toBeCloseTo(0.027, 12);
  });

  it('static-best pins to the fastest backend', () => {
    const requests = [request(0, 'A', 0, 1), request(1, 'A', 0.001, 1), request(2, 'A', 0.002, 1)];
    const result = simulatePolicy(twoBackends(), requests, 'static-best');
    expect(result.outcomes.map((outcome) => outcome.slot)).toEqual(['fast#0', 'fast#0', 'fast#0']);
    expect(result.outcomes[2].finishS).toBeCloseTo(0.032, 12);
  });

  it('least-loaded picks the emptier backend', () => {
    // r0 → fast (tie at zero load, first listed); at 1 ms fast has 11 ms of work left and slow
    // none, so r1 → slow and finishes at 1 + 1 + 25 = 27 ms.
    const requests = [request(0, 'A', 0, 1), request(1, 'A', 0.001, 1)];
    const result = simulatePolicy(twoBackends(), requests, 'least-loaded');
    expect(result.outcomes.map((outcome) => outcome.slot)).toEqual(['fast#0', 'slow#0']);
    expect(result.outcomes[1].finishS).toBeCloseTo(0.027, 12);
  });

  it('pays swaps and precision changes', () => {
    // One slot with room for one model at a time (each needs 1 MB of 1.5 MB).
    const rows = [
      inferenceRow({ backend: 'npu', model: 'a', precision: 'int8', latencyS: 0.01, setupLatencyS: 0.003, setupEnergyJ: 0.2 }),
      inferenceRow({ backend: 'npu', model: 'a', precision: 'int4', latencyS: 0.006, setupLatencyS: 0.002, setupEnergyJ: 0.1 }),
      inferenceRow({ backend: 'npu', model: 'b', precision: 'int8', latencyS: 0.02, setupLatencyS: 0.004, setupEnergyJ: 0.3 }),
    ];
    const npu = tableBackend('npu', rows, { bytesPerSlot: 1.5e6 });
    const models = [modelOn('A8', 'a', 'int8', ['npu']), modelOn('A4', 'a', 'int4', ['npu']), modelOn('B', 'b', 'int8', ['npu'])];
    const requests = [request(0, 'A8', 0, 1), request(1, 'A4', 0, 1), request(2, 'B', 0, 1), request(3, 'B', 0, 1)];
    const result = simulatePolicy(scenarioOf([npu], models), requests, 'fcfs');

    expect(result.outcomes.map((outcome) => outcome.setupKind)).toEqual(['cold-load', 'precision-reconfig', 'swap', 'none']);
    // 3 + 10, then 2 + 6, then 4 + 20, then 20 ms.
    expect(result.outcomes.map((outcome) => outcome.finishS * 1e3)).toEqual([13, 21, 45, 65].map((ms) => expect.closeTo(ms, 9)));
    expect(result.metrics.setups).toEqual({ 'cold-load': 1, swap: 1, 'precision-reconfig': 1 });
  });

  it('keeps models that fit side by side', () => {
    const rows = [
      inferenceRow({ backend: 'gpu', model: 'a', precision: 'int8', latencyS: 0.01, setupLatencyS: 0.003 }),
      inferenceRow({ backend: 'gpu', model: 'b', precision: 'int8', latencyS: 0.01, setupLatencyS: 0.003 }),
    ];
    const gpu = tableBackend('gpu', rows, { bytesPerSlot: 2e6 });
    const models = [modelOn('A', 'a', 'int8', ['gpu']), modelOn('B', 'b', 'int8', ['gpu'])];
    const requests = [request(0, 'A', 0, 1), request(1, 'B', 0, 1), request(2, 'A', 0, 1), request(3, 'B', 0, 1)];
    const result = simulatePolicy(scenarioOf([gpu], models), requests, 'fcfs');
    expect(result.outcomes.map((outcome) => outcome.setupKind)).toEqual(['cold-load', 'cold-load', 'none', 'none']);
  });
});

describe('request generation', () => {
  it('releases periodic requests on the period', () => {
    const requests = generateRequests([{ kind: 'periodic', model: 'A', periodS: 0.25, deadlineS: 0.1, offsetS: 0.05 }], 1, 1);
    expect(requests.map((entry) => entry.arrivalS)).toEqual([0.05, 0.3, 0.55, 0.8]);
    expect(requests.map((entry) => entry.deadlineS)).toEqual([0.15, 0.4, 0.65, 0.9].map((value) => expect.closeTo(value, 12)));
    expect(requests.map((entry) => entry.id)).toEqual([0, 1, 2, 3]);
  });

  it('draws Poisson arrivals from the seed', () => {
    const source = [{ kind: 'poisson' as const, model: 'A', rateHz: 200, deadlineS: 0.01 }];
    const first = generateRequests(source, 10, 7);
    expect(generateRequests(source, 10, 7)).toEqual(first);
    expect(generateRequests(source, 10, 8)).not.toEqual(first);
    // 2,000 expected arrivals; a Poisson count stays within ±4 standard deviations (±179).
    expect(first.length).toBeGreaterThan(2000 - 179);
    expect(first.length).toBeLessThan(2000 + 179);
  });

  it('computes nearest-rank percentiles', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(nearestRankPercentile(sorted, 50)).toBe(5);
    expect(nearestRankPercentile(sorted, 95)).toBe(10);
    expect(nearestRankPercentile(sorted, 10)).toBe(1);
    expect(nearestRankPercentile([], 50)).toBeNull();
  });
});

describe('runScenario on edge-mix', () => {
  const scenario = loadScenario(join(BUNDLED.scenarios, 'edge-mix.yaml'));

  it('gives identical metrics for the same seed', async () => {
    const first = await runScenario(scenario, 3);
    const second = await runScenario(scenario, 3);
    expect(second.simulations.map((simulation) => simulation.metrics)).toEqual(first.simulations.map((simulation) => simulation.metrics));
    expect(second.placement.solution.makespanS).toBe(first.placement.solution.makespanS);
  });

  it('changes the arrivals with the seed', async () => {
    const first = await runScenario(scenario, 3);
    const other = await runScenario(scenario, 4);
    expect(other.requests).not.toEqual(first.requests);
  });

  it('serves every request under every policy', async () => {
    const run = await runScenario(scenario);
    for (const simulation of run.simulations) {
      expect(simulation.outcomes, simulation.policy).toHaveLength(run.requests.length);
      for (const outcome of simulation.outcomes) {
        expect(outcome.startS).toBeGreaterThanOrEqual(outcome.request.arrivalS);
        expect(outcome.finishS).toBeGreaterThan(outcome.startS);
      }
      for (const share of Object.values(simulation.metrics.utilization)) expect(share).toBeLessThanOrEqual(1 + 1e-12);
    }
  });
});
