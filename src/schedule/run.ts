import { generateRequests, type Request } from './arrivals.js';
import type { PlacementProblem, PlacementSolution } from './ilp.js';
import { placeScenario } from './placement.js';
import { POLICY_NAMES } from './policies.js';
import type { Scenario } from './scenario.js';
import { simulatePolicy, type SimulationResult } from './simulator.js';

export interface ScenarioRun {
  scenario: Scenario;
  seed: number;
  requests: Request[];
  /** One simulation per policy, in the order of `POLICY_NAMES`, over the same requests. */
  simulations: SimulationResult[];
  placement: { problem: PlacementProblem; solution: PlacementSolution };
}

/**
 * Runs a scenario: generates its requests once from `seed` (the scenario's seed when absent),
 * simulates every policy over them, and solves the placement ILP.
 */
export async function runScenario(scenario: Scenario, seed = scenario.seed): Promise<ScenarioRun> {
  const requests = generateRequests(scenario.sources, scenario.horizonS, seed);
  const simulations = POLICY_NAMES.map((policy) => simulatePolicy(scenario, requests, policy));
  const placement = await placeScenario(scenario, requests);
  return { scenario, seed, requests, simulations, placement };
}
