import type { Request } from './arrivals.js';
import { solvePlacement, type PlacementProblem, type PlacementSolution } from './ilp.js';
import { workOn, type Scenario } from './scenario.js';

/**
 * Builds the placement problem of a scenario. Every slot of the placement's backends is a
 * worker whose capacity is the backend's `capacity().bytesPerSlot`. For model m on worker w the
 * coefficients come from the backend's cost model: t = `estimate(work).latencyS` (one request),
 * L = `setupCost({ resident: [] }, work).latencyS` (a cold load onto an empty slot) and
 * mem = `footprint(work).residentBytes`. The request counts are the scenario's
 * `placement.requests`, or else the number of requests of each model in `requests`.
 */
export function placementProblem(scenario: Scenario, requests: readonly Request[]): PlacementProblem {
  const backends = scenario.backends.filter((backend) => scenario.placement.backends.includes(backend.id));
  const workers = backends.flatMap((backend) =>
    Array.from({ length: backend.slots }, (_, index) => ({ backend, worker: { id: `${backend.id}#${index}`, capacityBytes: backend.model.capacity().bytesPerSlot } })),
  );

  const models = scenario.models.map((model) => {
    const requested = scenario.placement.requests?.get(model.id) ?? requests.filter((request) => request.model === model.id).length;
    const maxReplicas = scenario.placement.maxReplicas.get(model.id);
    return maxReplicas === undefined ? { id: model.id, requests: requested } : { id: model.id, requests: requested, maxReplicas };
  });

  const costs = scenario.models.map((model) =>
    workers.map(({ backend }) => {
      const work = workOn(model, backend.id);
      if (work === undefined) return undefined;
      return {
        serviceS: backend.model.estimate(work).latencyS,
        loadS: backend.model.setupCost({ resident: [] }, work).latencyS,
        memoryBytes: backend.model.footprint(work).residentBytes,
      };
    }),
  );
  return { models, workers: workers.map((entry) => entry.worker), costs };
}

/** Builds and solves the scenario's placement problem. */
export async function placeScenario(scenario: Scenario, requests: readonly Request[]): Promise<{ problem: PlacementProblem; solution: PlacementSolution }> {
  const problem = placementProblem(scenario, requests);
  return { problem, solution: await solvePlacement(problem) };
}
