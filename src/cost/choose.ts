import type { Objective } from '../sweep/types.js';
import type { CandidateSummary, PlanCost } from './types.js';

/** Returns the value of a cost under an objective (lower is better). */
export function objectiveValue(cost: { latencyS: number; energyJ: number }, objective: Objective): number {
  if (objective === 'latency') return cost.latencyS;
  if (objective === 'energy') return cost.energyJ;
  return cost.latencyS * cost.energyJ;
}

const OBJECTIVE_UNIT: Record<Objective, string> = { edp: 'J·s', latency: 's', energy: 'J' };

export function summarize(cost: PlanCost): CandidateSummary {
  return { strategy: cost.strategy, latencyS: cost.latencyS, energyJ: cost.energy.totalJ, edpJs: cost.latencyS * cost.energy.totalJ };
}

/**
 * Picks the candidate with the lowest objective value (the first one on a tie) and returns the
 * reason, with the margin over the other candidates.
 */
export function chooseCandidate(costs: PlanCost[], objective: Objective): { index: number; reason: string } {
  const values = costs.map((cost) => objectiveValue({ latencyS: cost.latencyS, energyJ: cost.energy.totalJ }, objective));
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] < values[best]) best = i;

  const unit = OBJECTIVE_UNIT[objective];
  const chosen = `${costs[best].strategy} has the lowest ${objective} (${values[best].toPrecision(3)} ${unit})`;
  if (costs.length === 1) return { index: best, reason: `${costs[best].strategy} is the only strategy that fits` };

  const others = costs
    .map((cost, i) => ({ cost, value: values[i], i }))
    .filter((entry) => entry.i !== best)
    .map((entry) => `${entry.cost.strategy} ${entry.value.toPrecision(3)} ${unit}, ${(entry.value / values[best]).toFixed(2)}×`);
  return { index: best, reason: `${chosen}; ${others.join('; ')}` };
}
