import type { Request } from './arrivals.js';
import { EventQueue } from './event-queue.js';
import { computeMetrics, type PolicyMetrics } from './metrics.js';
import { createPolicy, type PolicyName } from './policies.js';
import type { Scenario } from './scenario.js';
import { createSlots, serviceOrder, WorkCosts, type SlotRuntime } from './slots.js';
import type { SetupKind } from './types.js';

/** Outcome of one request: where and when it ran, its setup and its energy. */
export interface RequestOutcome {
  request: Request;
  /** Slot label, `<backend id>#<slot>`. */
  slot: string;
  backend: string;
  startS: number;
  /** Setup time paid before the run (zero when the slot already held the model). */
  setupS: number;
  setupKind: SetupKind;
  finishS: number;
  /** Run energy plus setup energy. */
  energyJ: number;
}

export interface SimulationResult {
  policy: PolicyName;
  outcomes: RequestOutcome[];
  metrics: PolicyMetrics;
}

type SimulationEvent = { kind: 'arrival'; request: Request } | { kind: 'completion'; slot: SlotRuntime; outcome: RequestOutcome };

/** Completions at a time are handled before arrivals at the same time, so freed slots count. */
const COMPLETION_RANK = 0;
const ARRIVAL_RANK = 1;

/**
 * Simulates one policy over a fixed list of requests, event by event. At each event time the
 * simulator first handles every completion at that time, then every arrival in request order
 * (the policy places each one). Then it starts the next queued request on every idle slot, in
 * scenario order. A start pays the setup cost of loading the request's
 * model and precision unless the slot holds them (see `WorkCosts.admit` for what a slot keeps),
 * then its run time; both come from the backend's cost model. Requests that
 * miss their deadline still run to completion. The same scenario and requests always give the
 * same result.
 */
export function simulatePolicy(scenario: Scenario, requests: readonly Request[], policyName: PolicyName): SimulationResult {
  const costs = new WorkCosts(scenario.models);
  const slots = createSlots(scenario.backends);
  const policy = createPolicy(policyName, scenario.backends, costs);
  const candidatesByModel = new Map(scenario.models.map((model) => [model.id, slots.filter((slot) => model.precision.has(slot.backend.id))]));

  const events = new EventQueue<SimulationEvent>();
  for (const request of requests) events.push(request.arrivalS, ARRIVAL_RANK, { kind: 'arrival', request });
  const outcomes: RequestOutcome[] = [];

  while (events.size > 0) {
    const nowS = events.peekTimeS();

    while (events.peekTimeS() === nowS) {
      const { event } = events.pop()!;
      if (event.kind === 'completion') {
        event.slot.running = false;
        outcomes.push(event.outcome);
      } else {
        const slot = policy.place(event.request, nowS, candidatesByModel.get(event.request.model)!);
        slot.queue.push(event.request);
      }
    }

    for (const slot of slots) {
      if (slot.running || slot.queue.length === 0) continue;
      const outcome = startNext(slot, nowS, costs, policy.discipline);
      events.push(outcome.finishS, COMPLETION_RANK, { kind: 'completion', slot, outcome });
    }
  }

  outcomes.sort((a, b) => a.request.id - b.request.id);
  return { policy: policyName, outcomes, metrics: computeMetrics(scenario, policyName, outcomes, slots) };
}

/** Takes the slot's next request in its discipline's order and starts it at `nowS`. */
function startNext(slot: SlotRuntime, nowS: number, costs: WorkCosts, discipline: 'fifo' | 'edf'): RequestOutcome {
  const request = serviceOrder(slot.queue, discipline)[0];
  slot.queue.splice(slot.queue.indexOf(request), 1);

  const { setup, residents } = costs.admit(slot.backend, slot.capacityBytes, slot.residents, request.model);
  const run = costs.run(slot.backend, request.model);
  const finishS = nowS + setup.latencyS + run.latencyS;

  slot.running = true;
  slot.busyUntilS = finishS;
  slot.busyS += finishS - nowS;
  slot.residents = residents;
  return {
    request,
    slot: slot.label,
    backend: slot.backend.id,
    startS: nowS,
    setupS: setup.latencyS,
    setupKind: setup.kind,
    finishS,
    energyJ: setup.energyJ + run.energyJ,
  };
}
