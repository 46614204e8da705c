import type { PolicyName } from './policies.js';
import type { Scenario } from './scenario.js';
import type { RequestOutcome } from './simulator.js';
import type { SlotRuntime } from './slots.js';
import type { SetupKind } from './types.js';

export interface PolicyMetrics {
  policy: PolicyName;
  requests: number;
  /** Share of requests that finish after their absolute deadline, 0..1. */
  violationRate: number;
  /** The same share per model id, over that model's requests. */
  violationRateByModel: Record<string, number>;
  /** Percentiles of response time (finish − arrival); null when no request arrived. */
  p50S: number | null;
  p95S: number | null;
  p99S: number | null;
  /** Run plus setup energy of every request; idle power is not counted. */
  energyJ: number;
  /** Per backend id: busy time (setups and runs) over slots × simulated span, 0..1. */
  utilization: Record<string, number>;
  /** Setups paid, by kind. */
  setups: Record<Exclude<SetupKind, 'none'>, number>;
  /** The simulated span: the horizon, or the last finish when that is later. */
  spanS: number;
}

/**
 * Returns the nearest-rank percentile: the smallest value such that at least p % of the values
 * are at or below it. `sorted` must be in ascending order.
 */
export function nearestRankPercentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function computeMetrics(scenario: Scenario, policy: PolicyName, outcomes: readonly RequestOutcome[], slots: readonly SlotRuntime[]): PolicyMetrics {
  const late = (outcome: RequestOutcome) => outcome.finishS > outcome.request.deadlineS;

  const violationRateByModel: Record<string, number> = {};
  for (const model of scenario.models) {
    const own = outcomes.filter((outcome) => outcome.request.model === model.id);
    violationRateByModel[model.id] = own.length === 0 ? 0 : own.filter(late).length / own.length;
  }

  const responses = outcomes.map((outcome) => outcome.finishS - outcome.request.arrivalS).sort((a, b) => a - b);
  const spanS = outcomes.reduce((latest, outcome) => Math.max(latest, outcome.finishS), scenario.horizonS);

  const utilization: Record<string, number> = {};
  for (const backend of scenario.backends) {
    const busyS = slots.filter((slot) => slot.backend === backend).reduce((sum, slot) => sum + slot.busyS, 0);
    utilization[backend.id] = busyS / (backend.slots * spanS);
  }

  const setups = { 'cold-load': 0, swap: 0, 'precision-reconfig': 0 };
  for (const outcome of outcomes) {
    if (outcome.setupKind !== 'none') setups[outcome.setupKind]++;
  }

  return {
    policy,
    requests: outcomes.length,
    violationRate: outcomes.length === 0 ? 0 : outcomes.filter(late).length / outcomes.length,
    violationRateByModel,
    p50S: nearestRankPercentile(responses, 50),
    p95S: nearestRankPercentile(responses, 95),
    p99S: nearestRankPercentile(responses, 99),
    energyJ: outcomes.reduce((sum, outcome) => sum + outcome.energyJ, 0),
    utilization,
    setups,
    spanS,
  };
}
