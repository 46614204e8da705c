import type { ProfileRow } from '../../src/schedule/profile-csv.js';
import type { Scenario, ScenarioBackend, ScenarioModel } from '../../src/schedule/scenario.js';
import { TableCostModel } from '../../src/schedule/table-cost-model.js';
import type { Request } from '../../src/schedule/arrivals.js';

/** Builds an inference row in SI units, with zero setup and 1 MB of memory unless given. */
export function inferenceRow(fields: Partial<ProfileRow> & Pick<ProfileRow, 'backend' | 'model' | 'precision' | 'latencyS'>): ProfileRow {
  return {
    batch: 1,
    scope: 'inference',
    name: '',
    energyJ: 0,
    memoryBytes: 1e6,
    setupLatencyS: 0,
    setupEnergyJ: 0,
    source: 'written by hand in a test',
    ...fields,
  };
}

/** Builds a table-backed scenario backend over `rows`. */
export function tableBackend(id: string, rows: ProfileRow[], options: { slots?: number; bytesPerSlot?: number } = {}): ScenarioBackend {
  const slots = options.slots ?? 1;
  return { id, slots, model: new TableCostModel({ id, rows, slots, bytesPerSlot: options.bytesPerSlot ?? 1e9 }) };
}

/** Builds a model that runs `config` on every listed backend. */
export function modelOn(id: string, network: string, config: string, backends: string[], batch = 1): ScenarioModel {
  return { id, network, batch, precision: new Map(backends.map((backend) => [backend, config])) };
}

/** Builds a scenario without sources, because tests pass their requests directly. */
export function scenarioOf(backends: ScenarioBackend[], models: ScenarioModel[], horizonS = 0.001): Scenario {
  return { name: 'test', seed: 1, horizonS, backends, models, sources: [], placement: { maxReplicas: new Map(), backends: backends.map((backend) => backend.id) } };
}

export function request(id: number, model: string, arrivalS: number, deadlineS: number): Request {
  return { id, model, arrivalS, deadlineS };
}
