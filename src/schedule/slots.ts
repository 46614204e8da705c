import type { Request } from './arrivals.js';
import type { ScenarioBackend, ScenarioModel } from './scenario.js';
import { workOn } from './scenario.js';
import type { ResidentWork, SetupCost, SlotState, WorkItem } from './types.js';
import { residentOf, sameResident } from './work.js';

/** Queue order of a slot: arrival order, or earliest absolute deadline. */
export type QueueDiscipline = 'fifo' | 'edf';

/** A work whose weights a slot holds, with the memory it takes. */
export interface ResidentEntry {
  work: ResidentWork;
  bytes: number;
}

/** A slot of a backend during a simulation. */
export interface SlotRuntime {
  backend: ScenarioBackend;
  /** Position of the backend in the scenario, for tie-breaking. */
  backendIndex: number;
  /** Slot number within the backend, from 0. */
  index: number;
  /** `<backend id>#<slot>`. */
  label: string;
  capacityBytes: number;
  /** Resident works, least recently used first. */
  residents: ResidentEntry[];
  running: boolean;
  /** When the running request finishes; at or before the current time when the slot is idle. */
  busyUntilS: number;
  /** Requests committed to this slot and not started. */
  queue: Request[];
  /** Time spent in setup and runs so far. */
  busyS: number;
}

export function createSlots(backends: readonly ScenarioBackend[]): SlotRuntime[] {
  return backends.flatMap((backend, backendIndex) =>
    Array.from({ length: backend.slots }, (_, index) => ({
      backend,
      backendIndex,
      index,
      label: `${backend.id}#${index}`,
      capacityBytes: backend.model.capacity().bytesPerSlot,
      residents: [],
      running: false,
      busyUntilS: 0,
      queue: [],
      busyS: 0,
    })),
  );
}

/** Setup cost of starting a work on a slot, and the works the slot keeps afterwards. */
export interface Admission {
  setup: SetupCost;
  residents: ResidentEntry[];
}

/**
 * Run costs of the scenario's works, each queried once from its cost model, and the setup of a
 * work on a slot given what the slot holds.
 */
export class WorkCosts {
  private readonly runs = new Map<string, { latencyS: number; energyJ: number }>();
  private readonly bytes = new Map<string, number>();
  private readonly models: Map<string, ScenarioModel>;

  constructor(models: readonly ScenarioModel[]) {
    this.models = new Map(models.map((model) => [model.id, model]));
  }

  /** Returns the work a request of `modelId` runs on `backend`, or undefined when the backend cannot run it. */
  work(backend: ScenarioBackend, modelId: string): WorkItem | undefined {
    return workOn(this.models.get(modelId)!, backend.id);
  }

  run(backend: ScenarioBackend, modelId: string): { latencyS: number; energyJ: number } {
    const key = `${backend.id}|${modelId}`;
    let cost = this.runs.get(key);
    if (cost === undefined) {
      const estimate = backend.model.estimate(this.work(backend, modelId)!);
      cost = { latencyS: estimate.latencyS, energyJ: estimate.energyJ };
      this.runs.set(key, cost);
    }
    return cost;
  }

  residentBytes(backend: ScenarioBackend, modelId: string): number {
    const key = `${backend.id}|${modelId}`;
    let bytes = this.bytes.get(key);
    if (bytes === undefined) {
      bytes = backend.model.footprint(this.work(backend, modelId)!).residentBytes;
      this.bytes.set(key, bytes);
    }
    return bytes;
  }

  /**
   * Prepares a slot that keeps `residents` (least recently used first) to run `modelId`. A
   * resident work moves to the most recently used end. Otherwise the work is loaded: when it
   * does not fit beside the residents, the same network's other precisions go first, then the
   * least recently used works, until it fits.
   */
  admit(backend: ScenarioBackend, capacityBytes: number, residents: readonly ResidentEntry[], modelId: string): Admission {
    const work = this.work(backend, modelId)!;
    const usedBytes = residents.reduce((sum, entry) => sum + entry.bytes, 0);
    const state: SlotState = { resident: residents.map((entry) => entry.work), freeBytes: capacityBytes - usedBytes };
    const setup = backend.model.setupCost(state, work);

    const current = residents.find((entry) => sameResident(entry.work, work));
    if (current !== undefined) return { setup, residents: [...residents.filter((entry) => entry !== current), current] };

    const bytes = this.residentBytes(backend, modelId);
    const remaining = [...residents];
    let remainingBytes = usedBytes;
    const evict = (entry: ResidentEntry) => {
      remaining.splice(remaining.indexOf(entry), 1);
      remainingBytes -= entry.bytes;
    };
    for (const entry of residents.filter((other) => other.work.network === work.network)) {
      if (remainingBytes + bytes <= capacityBytes) break;
      evict(entry);
    }
    while (remaining.length > 0 && remainingBytes + bytes > capacityBytes) evict(remaining[0]);
    return { setup, residents: [...remaining, { work: residentOf(work), bytes }] };
  }
}

/** Returns the queue in the order the slot will run it under `discipline`. */
export function serviceOrder(queue: readonly Request[], discipline: QueueDiscipline): Request[] {
  if (discipline === 'fifo') return [...queue];
  return [...queue].sort((a, b) => a.deadlineS - b.deadlineS || a.arrivalS - b.arrivalS || a.id - b.id);
}

/**
 * Walks a slot's queue (plus `extra`, when given) in service order from `nowS`, with the setups
 * each request would need, and returns when `extra` would finish, or when the whole queue drains
 * if `extra` is absent. Costs are deterministic, so this is exact until another request joins
 * the slot.
 */
export function projectFinishS(slot: SlotRuntime, nowS: number, costs: WorkCosts, discipline: QueueDiscipline, extra?: Request): number {
  let timeS = Math.max(nowS, slot.busyUntilS);
  let residents = slot.residents;
  const queue = extra === undefined ? slot.queue : [...slot.queue, extra];
  for (const request of serviceOrder(queue, discipline)) {
    const admission = costs.admit(slot.backend, slot.capacityBytes, residents, request.model);
    timeS += admission.setup.latencyS + costs.run(slot.backend, request.model).latencyS;
    residents = admission.residents;
    if (request === extra) return timeS;
  }
  return timeS;
}
