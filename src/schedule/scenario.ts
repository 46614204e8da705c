import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { loadArchitecture, loadBundledArchitecture, loadTechnology } from '../arch/load.js';
import type { Architecture, Technology } from '../arch/types.js';
import { DescriptionCache } from '../sweep/bundled-catalog.js';
import { InputError, isInputError } from '../util/errors.js';
import { BUNDLED } from '../util/paths.js';
import { readYamlFile } from '../util/read-yaml-file.js';
import { zodToInputError } from '../util/zod-input-error.js';
import { ApCostModel } from './ap-cost-model.js';
import { readProfileCsv, type ProfileRow } from './profile-csv.js';
import { scenarioSchema, type ScenarioBackendFile, type ScenarioFile, type ScenarioSourceFile } from './scenario-schema.js';
import { TableCostModel } from './table-cost-model.js';
import type { CostModel, WorkItem } from './types.js';

/** A backend of a scenario: a cost model and the slots that run works concurrently. */
export interface ScenarioBackend {
  id: string;
  model: CostModel;
  slots: number;
}

/** A model that requests name: a network at a per-backend precision config. */
export interface ScenarioModel {
  id: string;
  network: string;
  batch: number;
  /** Config id per backend id; a backend without an entry cannot run the model. */
  precision: Map<string, string>;
}

export interface PeriodicSource {
  kind: 'periodic';
  model: string;
  periodS: number;
  deadlineS: number;
  offsetS: number;
}

export interface PoissonSource {
  kind: 'poisson';
  model: string;
  rateHz: number;
  deadlineS: number;
}

export type RequestSource = PeriodicSource | PoissonSource;

export interface PlacementSpec {
  /** Requests per model id; the arrivals of the simulated horizon when absent. */
  requests?: Map<string, number>;
  maxReplicas: Map<string, number>;
  /** Backends whose slots are the placement's workers. */
  backends: string[];
}

export interface Scenario {
  name: string;
  description?: string;
  file?: string;
  seed: number;
  horizonS: number;
  backends: ScenarioBackend[];
  models: ScenarioModel[];
  sources: RequestSource[];
  placement: PlacementSpec;
}

/** Seed of a scenario that sets none. */
export const DEFAULT_SEED = 1;

/** Returns the work a model's requests run on a backend, or undefined when the backend cannot run it. */
export function workOn(model: ScenarioModel, backendId: string): WorkItem | undefined {
  const config = model.precision.get(backendId);
  return config === undefined ? undefined : { network: model.network, config, batch: model.batch };
}

/**
 * Resolves a scenario argument: a file path, or the id of a bundled scenario
 * (`scenarios/<id>.yaml`, for example `edge-mix`).
 */
export function scenarioPath(value: string): string {
  if (existsSync(value) || /\.(ya?ml|json)$/i.test(value)) return value;
  const bundled = join(BUNDLED.scenarios, `${value}.yaml`);
  return existsSync(bundled) ? bundled : value;
}

/** Reads, validates and resolves a scenario file, building each backend's cost model. */
export function loadScenario(path: string, cache = new DescriptionCache()): Scenario {
  return parseScenario(readYamlFile(path), path, cache);
}

/**
 * Validates scenario data and builds its backends. `file` names the file in errors and anchors
 * relative paths (profile CSVs, architecture and technology files). Every model's precision
 * entry is checked against its backend, so a missing CSV row or an unknown config is reported
 * here, before any simulation.
 */
export function parseScenario(data: unknown, file?: string, cache = new DescriptionCache()): Scenario {
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) throw zodToInputError(parsed.error, data, file);
  const spec = parsed.data;
  const baseDir = file === undefined ? process.cwd() : dirname(resolve(file));

  checkUnique(spec.backends.map((backend) => backend.id), 'backends', 'backend', file);
  checkUnique(spec.models.map((model) => model.id), 'models', 'model', file);

  const csvCache = new Map<string, ProfileRow[]>();
  const backends = spec.backends.map((backend, index) => buildBackend(backend, index, baseDir, file, cache, csvCache));
  const backendIds = backends.map((backend) => backend.id);
  const models = spec.models.map((model, index) => resolveModel(model, index, backends, file, cache));
  const modelIds = models.map((model) => model.id);

  const sources = spec.sources.map((source, index) => resolveSource(source, index, modelIds, file));
  return {
    name: spec.name,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    ...(file === undefined ? {} : { file }),
    seed: spec.seed ?? DEFAULT_SEED,
    horizonS: spec.horizonS,
    backends,
    models,
    sources,
    placement: resolvePlacement(spec.placement, modelIds, backendIds, file),
  };
}

function checkUnique(ids: string[], field: string, kind: string, file: string | undefined): void {
  ids.forEach((id, index) => {
    if (ids.indexOf(id) !== index) {
      throw new InputError({ file, field: `${field}[${index}].id`, value: id, expected: `Another ${kind} already has this id; give each ${kind} its own id.` });
    }
  });
}

/**
 * Runs `action` and labels an `InputError` it throws with the scenario file and field the value
 * came from. An error that names its own file (a bad CSV line, a bad technology file) already
 * points at the problem and passes through unchanged.
 */
function inField<T>(file: string | undefined, field: string, value: unknown, action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (!isInputError(error) || error.file !== undefined) throw error;
    throw new InputError({ file, field, value, expected: error.expected });
  }
}

function relativeTo(baseDir: string, path: string): string {
  return isAbsolute(path) ? path : join(baseDir, path);
}

/** Tells a path (relative to the scenario; ending in .yaml, .yml or .json) from a bundled id. */
function isPath(value: string): boolean {
  return /\.(json|ya?ml)$/i.test(value);
}

function buildBackend(
  backend: ScenarioBackendFile,
  index: number,
  baseDir: string,
  file: string | undefined,
  cache: DescriptionCache,
  csvCache: Map<string, ProfileRow[]>,
): ScenarioBackend {
  const field = `backends[${index}]`;

  if (backend.kind === 'ap') {
    const techName = backend.tech ?? 'sram';
    const tech: Technology = inField(file, `${field}.tech`, techName, () =>
      isPath(techName) ? loadTechnology(relativeTo(baseDir, techName)) : cache.technology(techName, {}),
    );
    const archName = backend.arch ?? 'bf-imna';
    const arch: Architecture = inField(file, `${field}.arch`, archName, () =>
      isPath(archName) ? loadArchitecture(relativeTo(baseDir, archName)) : archName === 'bf-imna' ? cache.architecture({}) : loadBundledArchitecture(archName),
    );
    const model = inField(
      file,
      `${field}.partitions`,
      backend.partitions ?? 1,
      () => new ApCostModel({ id: backend.id, tech, arch, vddV: backend.vddV, partitions: backend.partitions ?? 1, objective: backend.objective, cache }),
    );
    return { id: backend.id, model, slots: model.capacity().slots };
  }

  const tablePath = relativeTo(baseDir, backend.table);
  let rows = csvCache.get(tablePath);
  if (rows === undefined) {
    rows = inField(file, `${field}.table`, backend.table, () => readProfileCsv(tablePath));
    csvCache.set(tablePath, rows);
  }
  const csvBackend = backend.backend ?? backend.id;
  if (!rows.some((row) => row.backend === csvBackend)) {
    const known = [...new Set(rows.map((row) => row.backend))];
    throw new InputError({
      file,
      field: backend.backend === undefined ? `${field}.id` : `${field}.backend`,
      value: csvBackend,
      expected: `The profile ${backend.table} has no rows for this backend; its backends are ${known.join(', ') || '(none)'}. Set \`backend\` to one of them.`,
    });
  }
  const model = new TableCostModel({ id: backend.id, rows, backend: csvBackend, slots: backend.slots ?? 1, bytesPerSlot: backend.bytesPerSlot, file: tablePath });
  return { id: backend.id, model, slots: backend.slots ?? 1 };
}

function resolveModel(model: ScenarioFile['models'][number], index: number, backends: ScenarioBackend[], file: string | undefined, cache: DescriptionCache): ScenarioModel {
  const field = `models[${index}]`;
  const backendIds = backends.map((backend) => backend.id);
  const precision = new Map<string, string>();
  if (typeof model.precision === 'string') {
    for (const id of backendIds) precision.set(id, model.precision);
  } else {
    for (const [backendId, config] of Object.entries(model.precision)) {
      if (!backendIds.includes(backendId)) {
        throw new InputError({ file, field: `${field}.precision.${backendId}`, value: backendId, expected: `No backend has this id; the backends are ${backendIds.join(', ')}.` });
      }
      precision.set(backendId, config);
    }
  }

  const resolved: ScenarioModel = { id: model.id, network: model.network, batch: model.batch ?? 1, precision };
  if (backends.some((backend) => backend.model.kind === 'ap' && precision.has(backend.id))) {
    inField(file, `${field}.network`, model.network, () => cache.network(model.network));
  }
  for (const backend of backends) {
    const work = workOn(resolved, backend.id);
    if (work === undefined) continue;
    const support = backend.model.supports(work);
    if (!support.ok) {
      const where = typeof model.precision === 'string' ? `${field}.precision` : `${field}.precision.${backend.id}`;
      throw new InputError({
        file,
        field: where,
        value: work.config,
        expected:
          typeof model.precision === 'string'
            ? `Backend "${backend.id}" cannot run ${model.network} at this precision: ${support.reason} To leave this backend out, write precision as a map of the backends that run the model.`
            : `Backend "${backend.id}" cannot run ${model.network} at this precision: ${support.reason}`,
      });
    }
  }
  if (precision.size === 0) {
    throw new InputError({ file, field: `${field}.precision`, value: model.precision, expected: 'Name at least one backend that runs the model.' });
  }
  return resolved;
}

function resolveSource(source: ScenarioSourceFile, index: number, modelIds: string[], file: string | undefined): RequestSource {
  if (!modelIds.includes(source.model)) {
    throw new InputError({ file, field: `sources[${index}].model`, value: source.model, expected: `No model has this id; the models are ${modelIds.join(', ')}.` });
  }
  if (source.kind === 'periodic') return { kind: 'periodic', model: source.model, periodS: source.periodS, deadlineS: source.deadlineS, offsetS: source.offsetS ?? 0 };
  return { kind: 'poisson', model: source.model, rateHz: source.rateHz, deadlineS: source.deadlineS };
}

function resolvePlacement(placement: ScenarioFile['placement'], modelIds: string[], backendIds: string[], file: string | undefined): PlacementSpec {
  const checkModels = (map: Record<string, number> | undefined, field: string) => {
    for (const id of Object.keys(map ?? {})) {
      if (!modelIds.includes(id)) throw new InputError({ file, field: `placement.${field}.${id}`, value: id, expected: `No model has this id; the models are ${modelIds.join(', ')}.` });
    }
  };
  checkModels(placement?.requests, 'requests');
  checkModels(placement?.maxReplicas, 'maxReplicas');
  (placement?.backends ?? []).forEach((id, index) => {
    if (!backendIds.includes(id)) throw new InputError({ file, field: `placement.backends[${index}]`, value: id, expected: `No backend has this id; the backends are ${backendIds.join(', ')}.` });
  });

  const spec: PlacementSpec = {
    maxReplicas: new Map(Object.entries(placement?.maxReplicas ?? {})),
    backends: placement?.backends ?? backendIds,
  };
  if (placement?.requests !== undefined) spec.requests = new Map(Object.entries(placement.requests));
  return spec;
}
