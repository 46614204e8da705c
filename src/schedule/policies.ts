import type { Request } from './arrivals.js';
import type { ScenarioBackend } from './scenario.js';
import { projectFinishS, type QueueDiscipline, type SlotRuntime, type WorkCosts } from './slots.js';

/**
 * The five dispatch policies of bitfluid's real-time bench. They are our own rules: RTGen
 * (Karami et al., arXiv 2507.14715) evaluates five policies on a heterogeneous SoC, but their
 * names and rules are not public, so these are not a reproduction of them.
 *
 * Every policy commits a request to one slot when it arrives. A slot runs one request at a time
 * without preemption, pays the setup cost when it does not hold the model at that precision, and
 * serves its queue in the policy's discipline. Ties between slots go to the backend listed first
 * in the scenario, then to the lower slot number.
 */
export const POLICY_NAMES = ['fcfs', 'round-robin', 'edf', 'static-best', 'least-loaded'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

export interface Policy {
  name: PolicyName;
  discipline: QueueDiscipline;
  /** Picks the slot that `request` joins at time `nowS`, among `candidates` (the slots that can run it). */
  place(request: Request, nowS: number, candidates: readonly SlotRuntime[]): SlotRuntime;
}

/** Slot with the smallest key; the earliest in `slots` wins ties, which keeps scenario order. */
function argmin(slots: readonly SlotRuntime[], key: (slot: SlotRuntime) => number): SlotRuntime {
  let best = slots[0];
  let bestKey = key(best);
  for (const slot of slots.slice(1)) {
    const value = key(slot);
    if (value < bestKey) {
      best = slot;
      bestKey = value;
    }
  }
  return best;
}

/** Returns the slot of `backendId` among `candidates` where the request would finish first. */
function earliestFinishIn(backendId: string, request: Request, nowS: number, candidates: readonly SlotRuntime[], costs: WorkCosts, discipline: QueueDiscipline): SlotRuntime {
  const own = candidates.filter((slot) => slot.backend.id === backendId);
  return argmin(own, (slot) => projectFinishS(slot, nowS, costs, discipline, request));
}

/**
 * First come, first served with earliest-finish placement. Each slot serves its queue in arrival
 * order. A request joins the slot where it would finish first, counting the work queued ahead of
 * it, the setup it needs and its own run time.
 */
function fcfs(costs: WorkCosts): Policy {
  return {
    name: 'fcfs',
    discipline: 'fifo',
    place: (request, nowS, candidates) => argmin(candidates, (slot) => projectFinishS(slot, nowS, costs, 'fifo', request)),
  };
}

/**
 * Earliest deadline first with earliest-finish placement: each slot serves its queue in order
 * of absolute deadline (ties by arrival), and a request joins the slot where it would finish
 * first once inserted in deadline order. A request that arrives later with an earlier deadline
 * can overtake queued ones, but never the running one.
 */
function edf(costs: WorkCosts): Policy {
  return {
    name: 'edf',
    discipline: 'edf',
    place: (request, nowS, candidates) => argmin(candidates, (slot) => projectFinishS(slot, nowS, costs, 'edf', request)),
  };
}

/**
 * Round robin: a pointer walks the scenario's backends in order. Each request goes to the first
 * backend at or after the pointer that can run its model, and the pointer moves past that
 * backend. Within the backend, the request joins the slot where it would finish first. Load and
 * speed are ignored when picking the backend.
 */
function roundRobin(backends: readonly ScenarioBackend[], costs: WorkCosts): Policy {
  let pointer = 0;
  return {
    name: 'round-robin',
    discipline: 'fifo',
    place: (request, nowS, candidates) => {
      const usable = new Set(candidates.map((slot) => slot.backend.id));
      for (let step = 0; step < backends.length; step++) {
        const index = (pointer + step) % backends.length;
        const backend = backends[index];
        if (!usable.has(backend.id)) continue;
        pointer = (index + 1) % backends.length;
        return earliestFinishIn(backend.id, request, nowS, candidates, costs, 'fifo');
      }
      return candidates[0];
    },
  };
}

/**
 * Static best backend. Offline, each model is pinned to the backend with the lowest run latency
 * for it, setup excluded, and ties go to the backend listed first. At run time every request of
 * the model goes to that backend, joining the slot where it would finish first.
 */
function staticBest(backends: readonly ScenarioBackend[], costs: WorkCosts): Policy {
  const pinned = new Map<string, string>();
  const pinOf = (model: string, candidates: readonly SlotRuntime[]): string => {
    let backendId = pinned.get(model);
    if (backendId === undefined) {
      const usable = backends.filter((backend) => candidates.some((slot) => slot.backend.id === backend.id));
      let best = usable[0];
      for (const backend of usable.slice(1)) {
        if (costs.run(backend, model).latencyS < costs.run(best, model).latencyS) best = backend;
      }
      backendId = best.id;
      pinned.set(model, backendId);
    }
    return backendId;
  };
  return {
    name: 'static-best',
    discipline: 'fifo',
    place: (request, nowS, candidates) => earliestFinishIn(pinOf(request.model, candidates), request, nowS, candidates, costs, 'fifo'),
  };
}

/**
 * Least loaded. A request goes to the backend with the minimum queued work per slot. A slot's
 * queued work is the time from now until it drains everything committed to it: the rest of the
 * running request, the queued requests and their setups. The request's own cost on each backend
 * is ignored. Within the backend, it joins the slot where it would finish first.
 */
function leastLoaded(backends: readonly ScenarioBackend[], costs: WorkCosts): Policy {
  return {
    name: 'least-loaded',
    discipline: 'fifo',
    place: (request, nowS, candidates) => {
      let bestId: string | undefined;
      let bestLoad = Infinity;
      for (const backend of backends) {
        const own = candidates.filter((slot) => slot.backend.id === backend.id);
        if (own.length === 0) continue;
        const load = own.reduce((sum, slot) => sum + (projectFinishS(slot, nowS, costs, 'fifo') - nowS), 0) / own.length;
        if (load < bestLoad) {
          bestLoad = load;
          bestId = backend.id;
        }
      }
      return earliestFinishIn(bestId!, request, nowS, candidates, costs, 'fifo');
    },
  };
}

export function createPolicy(name: PolicyName, backends: readonly ScenarioBackend[], costs: WorkCosts): Policy {
  switch (name) {
    case 'fcfs':
      return fcfs(costs);
    case 'round-robin':
      return roundRobin(backends, costs);
    case 'edf':
      return edf(costs);
    case 'static-best':
      return staticBest(backends, costs);
    case 'least-loaded':
      return leastLoaded(backends, costs);
  }
}
